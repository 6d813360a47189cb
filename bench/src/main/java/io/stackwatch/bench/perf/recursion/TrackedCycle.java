package io.stackwatch.bench.perf.recursion;

/**
 * The same cycle as {@link PlainCycle}, in classes the benchmark's agent instruments: the list walk split over two classes that call
 * each other through an interface ({@link Step}), a call no rewrite at load can prove closed (another
 * class may implement {@link Step} later), so the agent keeps counting code on it.
 */
public final class TrackedCycle {

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

    private TrackedCycle() {
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
