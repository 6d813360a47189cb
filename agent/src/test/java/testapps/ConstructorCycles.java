package testapps;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursions made of constructors alone, in the shapes javac emits: a constructor calling itself
 * through {@code new} for every nested list (a list that contains itself never ends); a chain of
 * constructors delegating with {@code this(…)}, a conditional among the {@code super(…)} call's
 * arguments and a {@code new} among them; a constructor whose body throws at a chosen depth, caught
 * by its own handler further up or by the caller. Prints what each built and the tracker's depth
 * after each, which must be 0 whatever way the constructors ended.
 */
public final class ConstructorCycles {

    /** A node per list, built from its elements: the shape of a JSON array built from a collection. */
    static final class Node {
        final List<Node> children = new ArrayList<>();
        final int size;

        Node(List<?> items) {
            int n = 1;
            for (Object item : items) {
                if (item instanceof List) {
                    Node child = new Node((List<?>) item);
                    children.add(child);
                    n += child.size;
                }
            }
            size = n;
        }
    }

    static class Base {
        final String tag;

        Base(String tag) {
            this.tag = tag;
        }
    }

    /** {@code this(…)} to the full constructor, whose super call takes a conditional and a new. */
    static final class Chain extends Base {
        final Chain next;
        final int depth;

        Chain(int n) {
            this(n, n % 2 == 0 ? "even" : null);
        }

        Chain(int n, String label) {
            super(label == null ? new StringBuilder("odd-").append(n).toString() : label);
            if (n == failAt) {
                throw new IllegalStateException("failed at " + n);
            }
            Chain below = null;
            if (n > 0) {
                try {
                    below = new Chain(n - 1);
                } catch (IllegalArgumentException handledHere) {
                    below = null;
                }
            }
            next = below;
            depth = below == null ? 0 : below.depth + 1;
        }
    }

    static int failAt = -1;

    public static void main(String[] args) throws Exception {
        List<Object> nested = new ArrayList<>();
        List<Object> at = nested;
        for (int i = 0; i < 500; i++) {
            List<Object> inner = new ArrayList<>();
            at.add(inner);
            at = inner;
        }
        System.out.println("nested: size " + new Node(nested).size + ", depth after " + TrackerProbe.depth());

        System.out.println("chain: depth " + new Chain(300).depth + ", tag " + new Chain(7).tag
                + ", depth after " + TrackerProbe.depth());

        failAt = 40;
        try {
            new Chain(200);
        } catch (IllegalStateException e) {
            System.out.println("chain failed: " + e.getMessage() + ", depth after " + TrackerProbe.depth());
        }
        failAt = -1;

        List<Object> selfContaining = new ArrayList<>();
        selfContaining.add(selfContaining);
        Thread t = new Thread(() -> {
            try {
                new Node(selfContaining);
            } catch (StackOverflowError e) {
                System.out.println("self-containing: " + e.getClass().getName() + ", depth after " + TrackerProbe.depth());
            } catch (RuntimeException e) {
                System.out.println("self-containing: " + e.getClass().getName() + ", depth after " + TrackerProbe.depth());
            }
        }, "constructor-cycle");
        t.start();
        t.join();
        System.out.println("done");
    }
}
