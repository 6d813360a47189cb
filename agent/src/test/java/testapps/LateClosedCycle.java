package testapps;

/**
 * A cycle that only a class loaded later closes, with every method of it in classes loaded before:
 * {@code descend} calls {@link Visitor#visit}, {@link Base#visit} calls {@code descend}, but
 * {@code Base} is no {@code Visitor}; {@link Late} (loaded after both have run) extends {@code Base}
 * and implements {@code Visitor}, which makes {@code Base#visit} a target of the interface call. Then
 * an unbounded descent on thread {@code deep}.
 */
public final class LateClosedCycle {

    interface Visitor {
        int visit(int n);
    }

    static class Base {
        public int visit(int n) {
            return n <= 0 ? 0 : 1 + descend((Visitor) this, n - 1);
        }
    }

    static final class Late extends Base implements Visitor {
    }

    static final class Shallow implements Visitor {
        @Override
        public int visit(int n) {
            return n;
        }
    }

    private LateClosedCycle() {
    }

    static int descend(Visitor v, int n) {
        return n == 0 ? 0 : v.visit(n);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("shallow " + descend(new Shallow(), 5) + " " + new Base().visit(0));
        Thread.sleep(500);
        Visitor late = newLate();
        // The agent counts the closed cycle off this thread: give it a moment, as a service would have.
        Thread.sleep(1_500);
        Thread t = new Thread(() -> {
            try {
                System.out.println("returned " + descend(late, 10_000_000));
            } catch (StackOverflowError e) {
                System.out.println("deep: " + e.getClass().getName());
            }
        }, "deep");
        t.start();
        t.join();
        System.out.println("done");
    }

    private static Visitor newLate() {
        return new Late();
    }
}
