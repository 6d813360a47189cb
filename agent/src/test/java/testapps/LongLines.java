package testapps;

/**
 * Threads with very long names, each a little deep in a recursion: with {@code maxDepth=10} every one
 * of them is warned about once, and its event line is longer than any write buffer. Args: the name
 * length, the number of threads.
 */
public final class LongLines {

    static int down(int n) {
        return n <= 0 ? 0 : down(n - 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        int nameLength = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String filler = "x".repeat(nameLength);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> down(20), "long-" + i + "-" + filler);
            t.start();
            t.join();
        }
        System.out.println("done");
    }
}
