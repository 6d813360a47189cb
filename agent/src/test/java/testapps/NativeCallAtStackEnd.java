package testapps;

/**
 * A native method that needs 256 KiB of C stack, called by a one-frame instrumented method from the
 * bottom of a deep recursion the agent does not instrument: the agent counts one frame while the real
 * stack fills up. Each level tries the native call; the first refusal ends the run.
 * Args: path to libburner.so. Prints "stopped at level N by <error class>".
 */
public final class NativeCallAtStackEnd {

    static native long burn(int kib);

    /** Instrumented (a self-recursive method), called with n = 0: one frame, then the native call. */
    static final class Caller {
        static long callNative(int kib, int n) {
            return n > 0 ? callNative(kib, n - 1) : burn(kib);
        }
    }

    /** Not instrumented: fills the stack under the agent's one counted frame. */
    static final class Deep {
        static int down(int level) {
            try {
                Caller.callNative(256, 0);
            } catch (StackOverflowError refused) {
                System.out.println("stopped at level " + level + " by " + refused.getClass().getName());
                return level;
            }
            return down(level + 1) + 1;
        }
    }

    public static void main(String[] args) throws Exception {
        System.load(args[0]);
        Thread t = new Thread(null, () -> Deep.down(0), "native-caller", 0);
        t.start();
        t.join();
        System.out.println("done");
    }
}
