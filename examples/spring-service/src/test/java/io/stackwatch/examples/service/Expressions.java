package io.stackwatch.examples.service;

import java.util.Random;

/** Request bodies for the tests: benign expressions with their known values, and hostile nesting. */
final class Expressions {

    private Expressions() {
    }

    /** {@code ((((…1…))))} nested {@code depth} deep. */
    static String nested(int depth) {
        StringBuilder sb = new StringBuilder(2 * depth + 1);
        sb.append("(".repeat(depth)).append('1').append(")".repeat(depth));
        return sb.toString();
    }

    /** A benign expression and the value the service must answer for it. */
    record Benign(String text, long value) {
    }

    /** {@code a + (b * (c - d)) - e % f} with small random operands, nested a few levels like real input. */
    static Benign benign(Random random) {
        long a = random.nextInt(1000);
        long b = random.nextInt(100);
        long c = random.nextInt(100);
        long d = random.nextInt(100);
        long e = random.nextInt(1000);
        long f = 1 + random.nextInt(50);
        String text = a + " + (" + b + " * (" + c + " - " + d + ")) - " + e + " % " + f;
        return new Benign(text, a + b * (c - d) - e % f);
    }
}
