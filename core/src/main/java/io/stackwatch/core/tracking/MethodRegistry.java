package io.stackwatch.core.tracking;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Names of instrumented methods by id. Advice passes a method's id as a constant, so the hot path
 * carries an int instead of a string; names are looked up only on the cold path.
 */
public final class MethodRegistry {

    private static final Map<String, Integer> IDS = new HashMap<>();
    private static volatile String[] names = new String[256];

    private MethodRegistry() {
    }

    /** Registers {@code pkg.Class#method} and returns its id; the same name always gets the same id. */
    public static int register(String name) {
        synchronized (IDS) {
            Integer known = IDS.get(name);
            if (known != null) {
                return known;
            }
            int id = IDS.size();
            String[] current = names;
            if (id == current.length) {
                current = Arrays.copyOf(current, current.length * 2);
            }
            current[id] = name;
            names = current;
            IDS.put(name, id);
            return id;
        }
    }

    /** The name registered under {@code id}, or {@code "?"}. */
    public static String name(int id) {
        String[] current = names;
        String n = id >= 0 && id < current.length ? current[id] : null;
        return n != null ? n : "?";
    }
}
