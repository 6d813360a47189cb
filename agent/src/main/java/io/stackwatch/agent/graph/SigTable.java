package io.stackwatch.agent.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Method signatures ({@code name} and {@code descriptor}) numbered as they are first seen, looked up
 * without joining the two strings: the live graph asks once for every call a loaded class makes.
 */
final class SigTable {

    private final List<String> names = new ArrayList<>();
    private final List<String> descriptors = new ArrayList<>();
    private int[] slots = new int[1 << 12];
    private int size;

    SigTable() {
        Arrays.fill(slots, -1);
    }

    /** The number of a signature, numbering it when it is new. */
    int intern(String name, String descriptor) {
        int found = find(name, descriptor);
        if (found >= 0) {
            return found;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int id = names.size();
        names.add(name);
        descriptors.add(descriptor);
        place(id);
        size++;
        return id;
    }

    /** The number of a signature, or -1 when it was never seen. */
    int find(String name, String descriptor) {
        int mask = slots.length - 1;
        for (int i = hash(name, descriptor) & mask; ; i = (i + 1) & mask) {
            int id = slots[i];
            if (id < 0) {
                return -1;
            }
            if (names.get(id).equals(name) && descriptors.get(id).equals(descriptor)) {
                return id;
            }
        }
    }

    String name(int id) {
        return names.get(id);
    }

    String descriptor(int id) {
        return descriptors.get(id);
    }

    private void place(int id) {
        int mask = slots.length - 1;
        int i = hash(names.get(id), descriptors.get(id)) & mask;
        while (slots[i] >= 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id;
    }

    private void grow() {
        slots = new int[slots.length * 2];
        Arrays.fill(slots, -1);
        for (int id = 0; id < names.size(); id++) {
            place(id);
        }
    }

    private static int hash(String name, String descriptor) {
        int h = name.hashCode() * 31 + descriptor.hashCode();
        return h ^ (h >>> 16);
    }
}
