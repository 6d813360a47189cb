package io.stackwatch.bench.perf.recursion;

/**
 * The baseline virtual cycle, never instrumented: the list walk split over two classes that call
 * each other through an interface ({@link Step}), the shape on which the agent keeps counting code (no
 * rewrite at load can prove such a call closed: another class may implement {@link Step} later).
 */
public final class PlainCycle {

    interface Step {
        int walk(Node n);
    }

    static class Even implements Step {
        Step next;

        @Override
        public int walk(Node n) {
            return n == null ? 0 : 1 + next.walk(n.next);
        }
    }

    static class Odd implements Step {
        Step next;

        @Override
        public int walk(Node n) {
            return n == null ? 0 : 1 + next.walk(n.next);
        }
    }

    private static final Step FIRST = link();

    private PlainCycle() {
    }

    private static Step link() {
        Even even = new Even();
        Odd odd = new Odd();
        even.next = odd;
        odd.next = even;
        return even;
    }

    public static int walk(Node n) {
        return FIRST.walk(n);
    }
}
