package io.stackwatch.bench.perf.recursion;

/** A linked list: each recursion below walks it one node per call. */
public final class Node {

    final Node next;

    private Node(Node next) {
        this.next = next;
    }

    /** A list of {@code length} nodes. */
    public static Node list(int length) {
        Node head = null;
        for (int i = 0; i < length; i++) {
            head = new Node(head);
        }
        return head;
    }
}
