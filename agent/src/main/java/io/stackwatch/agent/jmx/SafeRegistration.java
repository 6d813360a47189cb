package io.stackwatch.agent.jmx;

import org.slf4j.Logger;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registers the MBeans without stealing the application's logging set-up. Creating the platform MBean
 * server initializes {@code java.util.logging.LogManager}, which reads {@code java.util.logging.manager}
 * once: an application that names its own log manager there, and makes that class loadable only
 * later (JBoss LogManager set-ups do), would be left with the JDK's default one for good. So when the
 * property is set and its class is not loaded yet, registration waits until it is.
 */
public final class SafeRegistration {

    static final String LOG_MANAGER_PROPERTY = "java.util.logging.manager";

    private SafeRegistration() {
    }

    /**
     * Runs {@code action} — anything that creates the platform MBean server — on {@code thread} now, or
     * once the application's log manager class has loaded ({@code what} names it in the log line).
     */
    public static void whenSafe(Instrumentation inst, Executor thread, Logger log, String what, Runnable action) {
        String manager = System.getProperty(LOG_MANAGER_PROPERTY);
        if (manager == null || manager.isBlank() || loaded(inst, manager.trim())) {
            thread.execute(action);
            return;
        }
        String internal = manager.trim().replace('.', '/');
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
        ClassFileTransformer watch = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                                    byte[] bytes) {
                if (redefined == null && internal.equals(className)) {
                    inst.removeTransformer(this);
                    // On the agent's thread: it waits there for the application to finish its LogManager.
                    thread.execute(once);
                }
                return null;
            }
        };
        inst.addTransformer(watch, false);
        if (loaded(inst, manager.trim())) {
            // Loaded between the first look and the watch.
            inst.removeTransformer(watch);
            thread.execute(once);
        } else {
            log.info("{} waits until the application's log manager {} has loaded", what, manager);
        }
    }

    private static boolean loaded(Instrumentation inst, String className) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
