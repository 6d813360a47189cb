package io.stackwatch.agent.capacity;

import io.stackwatch.core.tracking.StackCapacityProbe;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;

/**
 * A thread's usable stack, from the JVM: the size the thread was created with (or
 * {@code -Xss}/{@code ThreadStackSize}), less HotSpot's red, yellow, reserved and shadow zones,
 * which the JVM keeps for itself and which throw {@link StackOverflowError} when touched.
 *
 * <p>The requested size is a lower bound: glibc may hand a thread a larger cached stack. Using the
 * request errs on the side of warning early. Virtual threads run on their carrier's stack and
 * overflow at about the platform thread size, so they get the default.
 */
public final class JvmStackCapacity implements StackCapacityProbe {

    private static final long DEFAULT_STACK = 1024 * 1024;

    private final long defaultStackBytes;
    private final long zoneBytes;
    private final long overrideBytes;
    private final MethodHandle requestedStackSize;
    private final MethodHandle isVirtual;

    private JvmStackCapacity(long defaultStackBytes, long zoneBytes, long overrideBytes,
                             MethodHandle requestedStackSize, MethodHandle isVirtual) {
        this.defaultStackBytes = defaultStackBytes;
        this.zoneBytes = zoneBytes;
        this.overrideBytes = overrideBytes;
        this.requestedStackSize = requestedStackSize;
        this.isVirtual = isVirtual;
    }

    /**
     * Reads the VM's flags and opens {@code java.lang} to this module so the requested stack size of
     * a thread can be read.
     *
     * @param overrideBytes the {@code stackSize} setting, or 0
     */
    public static JvmStackCapacity create(Instrumentation inst, long overrideBytes) {
        VmStackFlags flags = VmStackFlags.read();
        MethodHandle requested = null;
        try {
            if (inst != null) {
                inst.redefineModule(Thread.class.getModule(), Set.of(), Map.of(),
                        Map.of("java.lang", Set.of(JvmStackCapacity.class.getModule())), Set.of(), Map.of());
            }
            requested = requestedStackSizeHandle();
        } catch (Throwable unavailable) {
            // Fall back to the default size for every thread.
        }
        MethodHandle virtual = null;
        try {
            virtual = MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException beforeJdk21) {
            // No virtual threads before JDK 21.
        }
        return new JvmStackCapacity(flags.threadStackBytes > 0 ? flags.threadStackBytes : DEFAULT_STACK,
                flags.zoneBytes, overrideBytes, requested, virtual);
    }

    /** {@code Thread.stackSize} (JDK 17) or {@code Thread.holder.stackSize} (JDK 19+), as a {@code long(Thread)}. */
    private static MethodHandle requestedStackSizeHandle() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            Field f = Thread.class.getDeclaredField("stackSize");
            f.setAccessible(true);
            return lookup.unreflectGetter(f);
        } catch (NoSuchFieldException newerJdk) {
            Field holder = Thread.class.getDeclaredField("holder");
            holder.setAccessible(true);
            Field size = holder.getType().getDeclaredField("stackSize");
            size.setAccessible(true);
            MethodHandle getHolder = lookup.unreflectGetter(holder);
            MethodHandle getSize = lookup.unreflectGetter(size);
            return MethodHandles.filterReturnValue(getHolder, getSize)
                    .asType(MethodType.methodType(long.class, Thread.class));
        }
    }

    @Override
    public long capacityBytes(Thread thread) {
        long size = overrideBytes;
        if (size <= 0) {
            size = defaultStackBytes;
            if (requestedStackSize != null && !isVirtual(thread)) {
                try {
                    long requested = (long) requestedStackSize.invokeExact(thread);
                    if (requested > 0) {
                        size = requested;
                    }
                } catch (Throwable unreadable) {
                    // keep the default
                }
            }
        }
        return Math.max(size - zoneBytes, size / 4);
    }

    @Override
    public boolean isVirtual(Thread thread) {
        if (isVirtual == null) {
            return false;
        }
        try {
            return (boolean) isVirtual.invokeExact(thread);
        } catch (Throwable t) {
            return false;
        }
    }

    public long defaultStackBytes() {
        return defaultStackBytes;
    }

    public long zoneBytes() {
        return zoneBytes;
    }

    /** HotSpot's stack flags, read through its diagnostic MXBean. */
    static final class VmStackFlags {
        final long threadStackBytes;
        final long zoneBytes;

        private VmStackFlags(long threadStackBytes, long zoneBytes) {
            this.threadStackBytes = threadStackBytes;
            this.zoneBytes = zoneBytes;
        }

        static VmStackFlags read() {
            long page = pageSize();
            long stack = 0;
            long zones = 24 * page; // HotSpot's x86_64 default: 1 red + 2 yellow + 1 reserved + 20 shadow
            try {
                com.sun.management.HotSpotDiagnosticMXBean hs =
                        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                stack = Long.parseLong(hs.getVMOption("ThreadStackSize").getValue()) * 1024;
                long pages = 0;
                for (String flag : new String[]{"StackRedPages", "StackYellowPages", "StackReservedPages", "StackShadowPages"}) {
                    pages += Long.parseLong(hs.getVMOption(flag).getValue());
                }
                zones = pages * page;
            } catch (Throwable notHotSpot) {
                // keep the defaults
            }
            return new VmStackFlags(stack, zones);
        }

        /**
         * The VM's page size. {@code sun.misc.Unsafe#pageSize} would tell, but touching Unsafe prints
         * a warning on JDK 24+; 4 KiB is the page size of every Linux x86_64 and most aarch64 hosts.
         */
        private static long pageSize() {
            return 4096;
        }
    }
}
