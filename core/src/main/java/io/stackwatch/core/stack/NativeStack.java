package io.stackwatch.core.stack;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The real stack pointer and stack bounds of the calling thread, read natively (JNI, about 8 ns a
 * call). Used on the tracker's cold path only: at checkpoints and as a thread nears a threshold,
 * never on every call. The library is built from {@code src/main/c} by the Maven build and shipped
 * inside the jar; where it cannot be loaded (another OS or CPU, or {@code native=off}) the tracker
 * falls back to its calibrated estimate.
 *
 * <p>Loaded by this boot-loaded class, so the library belongs to the boot loader, which is where the
 * tracker runs. On JDK 24+ the JVM prints its "restricted method" warning for {@code System::load}
 * unless the host runs with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class NativeStack {

    private static volatile boolean available;
    private static volatile String unavailableReason = "not loaded";

    private NativeStack() {
    }

    /**
     * Loads the library (once) from a fresh temporary copy of this jar's resource; returns whether
     * native readings are available. Call at start-up. The agent uses {@link #load(Path)} with a copy it keeps.
     */
    public static synchronized boolean load() {
        if (available) {
            return true;
        }
        String resource = "/" + libraryResource();
        try (InputStream in = NativeStack.class.getResourceAsStream(resource)) {
            if (in == null) {
                unavailableReason = "no native library for " + platform();
                return false;
            }
            Path file = Files.createTempFile("stackwatch-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return loadFile(file);
        } catch (Throwable t) {
            unavailableReason = t.toString();
            return false;
        }
    }

    /** Loads the library (once) from {@code library}, a copy of {@link #libraryResource()}. */
    public static synchronized boolean load(Path library) {
        if (available) {
            return true;
        }
        try {
            return loadFile(library);
        } catch (Throwable t) {
            unavailableReason = t.toString();
            return false;
        }
    }

    /** Marks the library unavailable, for a reason found by whoever looked for it (no file for this platform). */
    public static synchronized void unavailable(String reason) {
        if (!available) {
            unavailableReason = reason;
        }
    }

    /** Where this platform's library lives among the core's resources (no leading slash). */
    public static String libraryResource() {
        return "io/stackwatch/core/native/" + platform() + "/libstackwatch.so";
    }

    // Called from this boot-loaded class: the library then belongs to the boot loader, where the tracker runs.
    private static boolean loadFile(Path file) {
        System.load(file.toAbsolutePath().toString());
        long[] bounds = new long[2];
        long sp = stackPointer();
        if (stackBounds(bounds) != 0 || sp <= bounds[0] || sp >= bounds[1]) {
            unavailableReason = "the native library gave no usable stack bounds";
            return false;
        }
        available = true;
        return true;
    }

    public static boolean available() {
        return available;
    }

    /** Why native readings are not available, when they are not. */
    public static String unavailableReason() {
        return available ? null : unavailableReason;
    }

    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.replaceAll("[^a-z0-9]", "");
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.replaceAll("[^a-z0-9_]", "");
        return o + "-" + a;
    }

    /** The calling thread's stack pointer (an address within this call's native frame). */
    public static native long stackPointer();

    /** Writes the calling thread's lowest and highest stack address into {@code out}; 0 on success. */
    public static native int stackBounds(long[] out);
}
