package testapps;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Reads the calling thread's instrumented depth from the agent's tracker, as a test observer. */
public final class TrackerProbe {

    private TrackerProbe() {
    }

    /** The tracker's depth for this thread, or -1 when no agent is present. */
    public static int depth() {
        try {
            Class<?> tracker = Class.forName("io.stackwatch.core.tracking.Tracker");
            Method current = tracker.getMethod("current");
            Object state = current.invoke(null);
            Field depth = state.getClass().getField("depth");
            return depth.getInt(state);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    /** Runs the task on a platform thread (stack size 0 = default) or, with "virtual", a virtual thread. */
    public static void runOn(String kind, long stackSize, String name, Runnable task) throws Exception {
        Thread t;
        if (kind.equals("virtual")) {
            // Through the public interface: the builder's own class is not accessible.
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
            Method unstarted = builderType.getMethod("unstarted", Runnable.class);
            t = (Thread) unstarted.invoke(builder, task);
        } else {
            t = new Thread(null, task, name, stackSize);
        }
        t.start();
        t.join();
    }
}
