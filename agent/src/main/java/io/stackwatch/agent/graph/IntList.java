package io.stackwatch.agent.graph;

import java.util.Arrays;

/** A growable list of ints: adjacency lists and work stacks of the graphs, without boxing. */
final class IntList {

    private static final int[] EMPTY = new int[0];

    private int[] values = EMPTY;
    private int size;

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(4, size * 2));
        }
        values[size++] = v;
    }

    /** Adds {@code v} unless it is among the last few values (cheap de-duplication of repeated calls). */
    boolean addIfNotRecent(int v) {
        for (int i = size - 1; i >= 0 && i >= size - 8; i--) {
            if (values[i] == v) {
                return false;
            }
        }
        add(v);
        return true;
    }

    boolean contains(int v) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }

    int get(int i) {
        return values[i];
    }

    void set(int i, int v) {
        values[i] = v;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int pop() {
        return values[--size];
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return size == 0 ? EMPTY : Arrays.copyOf(values, size);
    }
}
