package corpus;

import java.net.URL;
import java.security.CodeSource;
import java.util.concurrent.Callable;

/**
 * What every corpus driver does: on a worker thread named {@code corpus-<lib>} (default stack size)
 * run the benign call, then the hostile call, then the benign call again, and print one line for each.
 * Then, on a second thread named {@code corpus-<lib>-benign}, run the benign call
 * {@value #BENIGN_REPEATS} times more: that thread only ever sees benign input, so any warning about
 * it is a false alarm.
 *
 * <pre>
 * library: snakeyaml-1.30.jar
 * benign before: ...
 * caught java.lang.StackOverflowError: null          (or: no overflow: ...)
 * benign after: ...
 * benign thread: 20 calls, all as before
 * done
 * </pre>
 *
 * Libraries that catch the overflow and rethrow it wrapped (gson's {@code JsonParser} does) are
 * reported by the overflow found in the cause chain, followed by {@code (wrapped in <class>)}. A
 * driver is plain Java: it knows nothing of stackwatch, and stackwatch knows nothing of it.
 */
public final class CorpusDriver {

    /** How often the benign-only thread repeats the benign call. */
    public static final int BENIGN_REPEATS = 20;

    private CorpusDriver() {
    }

    /** Runs the corpus case for {@code lib}; {@code libraryClass} names the jar that is printed. */
    public static void run(String lib, Class<?> libraryClass, Callable<?> benign, Callable<?> hostile)
            throws InterruptedException {
        System.out.println("library: " + jarOf(libraryClass));
        Runnable work = () -> {
            benign("benign before: ", benign);
            try {
                Object result = hostile.call();
                System.out.println("no overflow: " + (result == null ? "null" : result.getClass().getName()));
            } catch (Throwable t) {
                System.out.println(describe(t));
                printTrace(t);
            }
            benign("benign after: ", benign);
        };
        Thread worker = new Thread(null, work, "corpus-" + lib, 0);
        worker.start();
        worker.join();
        Thread benignOnly = new Thread(null, () -> benignRepeated(benign), "corpus-" + lib + "-benign", 0);
        benignOnly.start();
        benignOnly.join();
        System.out.println("done");
    }

    /** The benign call, {@link #BENIGN_REPEATS} times: one line saying whether every result was the first one. */
    private static void benignRepeated(Callable<?> benign) {
        try {
            String first = oneLine(String.valueOf(benign.call()));
            for (int i = 1; i < BENIGN_REPEATS; i++) {
                String again = oneLine(String.valueOf(benign.call()));
                if (!again.equals(first)) {
                    System.out.println("benign thread: FAILED call " + (i + 1) + " gave " + again + " after " + first);
                    return;
                }
            }
            System.out.println("benign thread: " + BENIGN_REPEATS + " calls, all as before");
        } catch (Throwable t) {
            System.out.println("benign thread: FAILED " + t);
        }
    }

    private static void benign(String label, Callable<?> benign) {
        try {
            System.out.println(label + oneLine(String.valueOf(benign.call())));
        } catch (Throwable t) {
            System.out.println(label + "FAILED " + t);
        }
    }

    /** {@code caught <class>: <message>} for the StackOverflowError in the cause chain, else for {@code t}. */
    static String describe(Throwable t) {
        Throwable overflow = null;
        for (Throwable c = t; c != null && overflow == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StackOverflowError) {
                overflow = c;
            }
        }
        if (overflow == null) {
            return "caught " + t.getClass().getName() + ": " + oneLine(t.getMessage()) + " (no StackOverflowError in the cause chain)";
        }
        String line = "caught " + overflow.getClass().getName() + ": " + oneLine(overflow.getMessage());
        return overflow == t ? line : line + " (wrapped in " + t.getClass().getName() + ")";
    }

    /**
     * With {@code -Dcorpus.trace=N}, prints the innermost N frames of the overflow (to find the cycle;
     * the JVM keeps only the innermost 1024 frames of a trace anyway).
     */
    private static void printTrace(Throwable t) {
        int frames = Integer.getInteger("corpus.trace", 0);
        Throwable c = t;
        while (c.getCause() != null && !(c instanceof StackOverflowError)) {
            c = c.getCause();
        }
        StackTraceElement[] trace = c.getStackTrace();
        for (int i = 0; i < Math.min(frames, trace.length); i++) {
            System.out.println("    at " + trace[i]);
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "null";
        }
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 2000 ? flat.substring(0, 2000) + "..." : flat;
    }

    private static String jarOf(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return "(JDK) java " + System.getProperty("java.version");
        }
        String path = location.getPath();
        return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    }

    /** The nesting depth from the first argument, else the driver's default. */
    public static int depth(String[] args, int defaultDepth) {
        return args.length > 0 ? Integer.parseInt(args[0]) : defaultDepth;
    }

    /** {@code open} repeated n times, then {@code middle}, then {@code close} repeated n times. */
    public static String nested(String open, String middle, String close, int n) {
        StringBuilder sb = new StringBuilder(n * (open.length() + close.length()) + middle.length());
        for (int i = 0; i < n; i++) {
            sb.append(open);
        }
        sb.append(middle);
        for (int i = 0; i < n; i++) {
            sb.append(close);
        }
        return sb.toString();
    }
}
