package testapps;

import java.util.function.Supplier;

/**
 * A cycle whose only countable methods are in {@code java.lang}: each level asks a new thread-local
 * for its value, whose initial value is the next level (the supplier, a lambda, is in this class, which
 * the test excludes). The overflow's trace is read, as an error reporter would; then a plain counted
 * recursion ({@link Runaway#descend}) runs on a new thread, which must behave as without the agent.
 */
public final class JavaLangCycle {

    static int level;

    static Integer next() {
        level++;
        Supplier<Integer> down = JavaLangCycle::next;
        return ThreadLocal.withInitial(down).get() + 1;
    }

    public static void main(String[] args) throws Exception {
        try {
            next();
        } catch (StackOverflowError e) {
            System.out.println("thread-local cycle: " + e.getClass().getName() + " after " + level
                    + " levels, trace of " + e.getStackTrace().length + " frames");
        }
        // Time for the agent's learner (it reads sightings every 100 ms) to act on that overflow.
        Thread.sleep(1500);
        Thread t = new Thread(() -> {
            long[] deepest = new long[1];
            try {
                Runaway.descend(0, deepest);
            } catch (StackOverflowError e) {
                System.out.println("runaway: " + e.getClass().getName() + " at depth " + deepest[0]);
            }
        }, "after");
        t.start();
        t.join();
        System.out.println("done");
    }
}
