package testapps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A host with its own SLF4J, Logback (configured by its logback.xml) and Byte Buddy. */
public final class LoggingHost {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingHost.class);

    static long descend(long n) {
        return descend(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        LOG.info("host says hello");
        System.out.println("loggerFactory=" + LoggerFactory.getILoggerFactory().getClass().getName());
        Class<?> bb = Class.forName("net.bytebuddy.ByteBuddy");
        System.out.println("hostByteBuddy=" + bb.getProtectionDomain().getCodeSource().getLocation().getPath().replaceAll(".*/", ""));
        // The host's own Byte Buddy still works: build and load a subclass with it.
        Object byteBuddy = bb.getConstructor().newInstance();
        Object builder = bb.getMethod("subclass", Class.class).invoke(byteBuddy, Object.class);
        Object unloaded = builder.getClass().getMethod("make").invoke(builder);
        Object loaded = unloaded.getClass().getMethod("load", ClassLoader.class)
                .invoke(unloaded, LoggingHost.class.getClassLoader());
        Class<?> made = (Class<?>) loaded.getClass().getMethod("getLoaded").invoke(loaded);
        System.out.println("hostMadeClass=" + made.getSuperclass().getName());
        TrackerProbe.runOn("platform", 0, "host-worker", () -> {
            try {
                descend(0);
            } catch (StackOverflowError e) {
                LOG.warn("host caught an overflow");
            }
        });
        LOG.debug("host debug is off by its logback.xml");
        LOG.info("host still logging");
        System.out.println("done");
    }
}
