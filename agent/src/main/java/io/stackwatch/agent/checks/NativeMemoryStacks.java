package io.stackwatch.agent.checks;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Committed thread-stack memory from Native Memory Tracking ({@code -XX:NativeMemoryTracking=summary}
 * or {@code detail}), read through the {@code DiagnosticCommand} MBean's {@code vmNativeMemory}, the
 * same as {@code jcmd <pid> VM.native_memory summary}.
 */
final class NativeMemoryStacks {

    // "(stack: reserved=19922944, committed=958464)" on JDK 17; ", peak=..." follows on newer JDKs.
    private static final Pattern STACK = Pattern.compile("\\(stack: reserved=(\\d+), committed=(\\d+)");

    private boolean unavailable;

    /** Committed bytes of thread stacks, or -1 when the JVM does not track native memory. */
    long committedBytes() {
        if (unavailable) {
            return -1;
        }
        try {
            // Looked up here, not at construction: creating the platform MBean server must wait (SafeRegistration).
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object out = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[]{new String[]{"summary", "scale=b"}}, new String[]{String[].class.getName()});
            long bytes = parse(String.valueOf(out));
            if (bytes < 0) {
                unavailable = true;
            }
            return bytes;
        } catch (Exception | LinkageError e) {
            unavailable = true;
            return -1;
        }
    }

    static long parse(String summary) {
        Matcher m = STACK.matcher(summary);
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }
}
