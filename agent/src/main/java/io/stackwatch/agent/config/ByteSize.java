package io.stackwatch.agent.config;

import java.util.Locale;

/** Parses sizes the way {@code -Xss} does: {@code 896}, {@code 8k}, {@code 512K}, {@code 4m}, {@code 1g}. */
public final class ByteSize {

    private ByteSize() {
    }

    /** The size in bytes, or -1 when the text is not a size. */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k': unit = 1024L; break;
                case 'm': unit = 1024L * 1024; break;
                case 'g': unit = 1024L * 1024 * 1024; break;
                default: unit = 1;
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || digits.length() > 12) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        long value = Long.parseLong(digits);
        if (value > Long.MAX_VALUE / unit) {
            return -1;
        }
        return value * unit;
    }
}
