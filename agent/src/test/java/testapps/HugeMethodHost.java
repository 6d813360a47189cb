package testapps;

/**
 * A host with a class the agent cannot transform: a recursive method so close to the JVM's 64 KiB
 * limit on a method's code that any advice added to it overflows the limit (generated parsers can
 * have methods like this). The class is generated here with the ASM inside the host's own Byte
 * Buddy and loaded normally; it must run unchanged, and the rest of the agent must keep working
 * (the {@link Runaway} recursion afterwards is still warned about).
 */
public final class HugeMethodHost {

    /** Bytes of filler: leaves the method 14 bytes under the 65,535-byte limit, too few for any instrumentation. */
    private static final int FILLER_PAIRS = 32_752;

    public static void main(String[] args) throws Exception {
        Class<?> huge = GeneratedRecursion.define("gen/HugeRecursion", FILLER_PAIRS);
        int result = (int) huge.getMethod("down", int.class).invoke(null, 100);
        System.out.println("huge method ran: down(100)=" + result + " trackerDepth=" + TrackerProbe.depth());
        Runaway.main(new String[] {"platform", "0", "1"});
    }
}
