package io.stackwatch.agent.gomodel;

import io.stackwatch.core.tracking.CollectorCycles;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * Tells the Go model when the JVM has collected garbage, so that it shrinks simulated stacks when Go
 * would: during a collection, not on every return.
 */
public final class CollectorCycleListener {

    /** HotSpot's notification type for a finished collection (com.sun.management.GarbageCollectionNotificationInfo). */
    private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

    private CollectorCycleListener() {
    }

    /** Listens to every collector that emits notifications; returns how many it listens to. */
    public static int install() {
        NotificationListener listener = (notification, handback) -> {
            if (GC_NOTIFICATION.equals(notification.getType())) {
                CollectorCycles.completed();
            }
        };
        int listening = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
                listening++;
            }
        }
        return listening;
    }
}
