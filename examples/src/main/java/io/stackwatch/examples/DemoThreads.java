package io.stackwatch.examples;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a demo's work on the kind of thread its command line asks for, and waits for it.
 *
 * <p>Options understood by every demo:
 * <ul>
 *   <li>{@code --virtual} — a virtual thread (JDK 21+; started reflectively because the examples are
 *       compiled for Java 17). Exits with status 2 and one line on stderr when virtual threads are not
 *       available.</li>
 *   <li>{@code --stack-size=<size>} — a platform thread created with
 *       {@code new Thread(null, work, name, stackSize)}; the size is bytes, or a number with a
 *       {@code k}, {@code m} or {@code g} suffix ({@code 256k}, {@code 8m}).</li>
 *   <li>neither — a platform thread with the JVM's default stack size ({@code -Xss}).</li>
 * </ul>
 * Any other argument that does not start with {@code --} is passed through to the demo as a
 * positional argument. A usage error prints one line on stderr and exits with status 2.
 */
public final class DemoThreads {

    /** Exit status for a bad command line or a thread kind this JVM cannot provide. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the work itself failed with something other than what the demo catches. */
    public static final int EXIT_WORK_FAILED = 1;

    private enum Kind { PLATFORM_DEFAULT, PLATFORM_SIZED, VIRTUAL }

    private final Kind kind;
    private final long stackSize;
    private final List<String> arguments;
    private final VirtualThreads virtualThreads;

    private DemoThreads(Kind kind, long stackSize, List<String> arguments) {
        this.kind = kind;
        this.virtualThreads = kind == Kind.VIRTUAL ? VirtualThreads.lookUp() : null;
        this.stackSize = stackSize;
        this.arguments = Collections.unmodifiableList(arguments);
    }

    /**
     * Reads the thread options from {@code args}; on a usage error prints {@code usage} and exits 2.
     *
     * @param usage one line naming the program and its positional arguments, for error messages
     */
    public static DemoThreads fromArgs(String[] args, String usage) {
        boolean virtual = false;
        long stackSize = 0;
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--virtual")) {
                virtual = true;
            } else if (arg.startsWith("--stack-size=")) {
                String value = arg.substring("--stack-size=".length());
                try {
                    stackSize = parseSize(value);
                } catch (IllegalArgumentException e) {
                    usageError(usage, "--stack-size: " + e.getMessage());
                }
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("usage: " + usage);
                System.exit(0);
            } else if (arg.startsWith("-") && !isNumber(arg)) {
                usageError(usage, "unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (virtual && stackSize > 0) {
            usageError(usage, "--virtual and --stack-size cannot be combined (the stack size of a virtual thread cannot be set)");
        }
        Kind kind = virtual ? Kind.VIRTUAL : stackSize > 0 ? Kind.PLATFORM_SIZED : Kind.PLATFORM_DEFAULT;
        return new DemoThreads(kind, stackSize, positional);
    }

    /** The command-line arguments that were not thread options, in order. */
    public List<String> arguments() {
        return arguments;
    }

    /** A short description of the thread the work runs on, for the demo's first line of output. */
    public String describe(String threadName) {
        switch (kind) {
            case VIRTUAL:
                return "virtual thread \"" + threadName + "\"";
            case PLATFORM_SIZED:
                return "platform thread \"" + threadName + "\" (stack size " + stackSize + " bytes)";
            default:
                return "platform thread \"" + threadName + "\" (default stack size)";
        }
    }

    /**
     * Starts {@code work} on a new thread named {@code threadName} and waits for it to end. If the work
     * ends with an uncaught throwable, prints it and exits with status 1.
     */
    public void runAndWait(String threadName, Runnable work) {
        Thread thread = newThread(threadName, work);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("interrupted while waiting for " + threadName);
            System.exit(EXIT_WORK_FAILED);
        }
        Throwable failed = failure.get();
        if (failed != null) {
            System.err.println("worker \"" + threadName + "\" failed:");
            failed.printStackTrace();
            System.exit(EXIT_WORK_FAILED);
        }
    }

    private Thread newThread(String name, Runnable work) {
        switch (kind) {
            case VIRTUAL:
                return virtualThreads.unstarted(name, work);
            case PLATFORM_SIZED:
                return new Thread(null, work, name, stackSize);
            default:
                return new Thread(null, work, name);
        }
    }

    /**
     * {@code Thread.ofVirtual().name(name).unstarted(work)}, through reflection so that this class
     * compiles for Java 17. The methods are looked up on the public {@code Thread.Builder} interface:
     * the builder's own class is not public.
     */
    private static final class VirtualThreads {
        private final Method ofVirtual;
        private final Method name;
        private final Method unstarted;

        private VirtualThreads(Method ofVirtual, Method name, Method unstarted) {
            this.ofVirtual = ofVirtual;
            this.name = name;
            this.unstarted = unstarted;
        }

        /** Finds the API and checks that it can be used; exits 2 with one line on stderr if not. */
        static VirtualThreads lookUp() {
            VirtualThreads api;
            try {
                Class<?> builderType = Class.forName("java.lang.Thread$Builder");
                api = new VirtualThreads(Thread.class.getMethod("ofVirtual"),
                        builderType.getMethod("name", String.class),
                        builderType.getMethod("unstarted", Runnable.class));
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                virtualThreadsUnavailable("this JVM has no Thread.ofVirtual()");
                return null; // not reached
            }
            try {
                api.ofVirtual.invoke(null);
            } catch (InvocationTargetException e) {
                // JDK 19/20: a preview API that throws UnsupportedOperationException without --enable-preview
                virtualThreadsUnavailable(String.valueOf(e.getCause()));
            } catch (IllegalAccessException e) {
                virtualThreadsUnavailable(e.toString());
            }
            return api;
        }

        Thread unstarted(String threadName, Runnable work) {
            try {
                Object builder = name.invoke(ofVirtual.invoke(null), threadName);
                return (Thread) unstarted.invoke(builder, work);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot build a virtual thread", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot build a virtual thread", e.getCause());
            }
        }
    }

    private static void virtualThreadsUnavailable(String reason) {
        System.err.println("--virtual: virtual threads are not available on Java "
                + System.getProperty("java.version") + " (" + reason + "); they need JDK 21 or later");
        System.exit(EXIT_USAGE);
    }

    /** Parses {@code 262144}, {@code 256k}, {@code 8m}, {@code 1g} (case-insensitive) into bytes. */
    static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected bytes or a size such as 256k or 8m, got nothing");
        }
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected bytes or a size such as 256k or 8m, got '" + text + "'");
        }
        if (value <= 0) {
            throw new IllegalArgumentException("must be positive, got '" + text + "'");
        }
        if (value > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("too large: '" + text + "'");
        }
        return value * unit;
    }

    private static boolean isNumber(String arg) {
        try {
            Long.parseLong(arg);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void usageError(String usage, String problem) {
        System.err.println(problem + "; usage: " + usage);
        System.exit(EXIT_USAGE);
    }
}
