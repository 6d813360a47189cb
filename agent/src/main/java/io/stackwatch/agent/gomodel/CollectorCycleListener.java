package io.stackwatch.agent.gomodel;

import io.stackwatch.core.tracking.CollectorCycles;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * Tells the Go model when the JVM has collected garbage, so that it shrinks simulated stacks when Go
 * would: during a collection, not on every return.
 */
public final class CollectorCycleListener implements NotificationListener {

    /** HotSpot's notification type for a finished collection (com.sun.management.GarbageCollectionNotificationInfo). */
    private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

    private final List<NotificationEmitter> listening = new ArrayList<>();

    /** Listens to every collector that emits notifications; returns how many it listens to. */
    public synchronized int install() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                ((NotificationEmitter) gc).addNotificationListener(this, null, null);
                listening.add((NotificationEmitter) gc);
            }
        }
        return listening.size();
    }

    /** Stops listening (detach). */
    public synchronized void uninstall() {
        for (NotificationEmitter gc : listening) {
            try {
                gc.removeNotificationListener(this);
            } catch (ListenerNotFoundException gone) {
                // nothing to take back
            }
        }
        listening.clear();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (GC_NOTIFICATION.equals(notification.getType())) {
            CollectorCycles.completed();
        }
    }
}
