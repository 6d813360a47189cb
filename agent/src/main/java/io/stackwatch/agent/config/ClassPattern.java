package io.stackwatch.agent.config;

import java.util.regex.Pattern;

/**
 * A class name pattern: {@code com.acme.**} (the package and its subpackages), {@code com.acme.*}
 * (classes directly in the package), {@code com.acme.Tree} (one class and its nested classes),
 * {@code com.acme.*Parser} (a glob within one name segment).
 */
public final class ClassPattern {

    /** Letters and digits of any script (package and class names need not be ASCII), '_', '$', '.', '*'. */
    private static final Pattern VALID = Pattern.compile("[\\p{javaJavaIdentifierPart}.*&&[^\\p{Cntrl}]]+");

    private final String text;
    private final Pattern regex;

    private ClassPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** Parses a pattern, or returns null when it has characters a class name cannot have. */
    public static ClassPattern parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !VALID.matcher(t).matches() || t.contains("***") || t.startsWith(".") || t.endsWith(".") || t.contains("..")) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '*') {
                if (i + 1 < t.length() && t.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^.]*");
                }
            } else if (c == '.' || c == '$') {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        if (!t.endsWith("**")) {
            // A class name or glob also covers the nested classes of what it matches.
            re.append("(\\$.*)?");
        }
        return new ClassPattern(t, Pattern.compile(re.toString()));
    }

    /** Whether the binary class name ({@code com.acme.Tree$Node}) matches. */
    public boolean matches(String className) {
        return regex.matcher(className).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
