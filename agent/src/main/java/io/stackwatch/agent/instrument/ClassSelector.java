package io.stackwatch.agent.instrument;

import io.stackwatch.agent.config.ClassPattern;

import java.util.List;

/**
 * Which classes may be instrumented at all, by name. Without {@code include}, every class that is
 * neither the JDK's nor the agent's. JDK packages can be included by name, except those the agent's
 * own hot and cold paths run on (instrumenting them would make the tracker track itself).
 */
final class ClassSelector {

    /** Never instrumented: the agent itself and what the tracker runs on. */
    private static final String[] NEVER = {
            "io.stackwatch.core.", "io.stackwatch.agent.", "io.stackwatch.shaded.",
            "java.lang.", "java.util.concurrent.", "jdk.internal.", "sun.", "jdk.jfr.",
            "java.security.", "java.io.", "java.nio.", "java.lang.invoke.", "java.lang.ref.",
    };

    /** Not instrumented unless an include names them: the JDK and other runtime plumbing. */
    private static final String[] JDK = {
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.graalvm.", "org.ietf.jgss.", "org.w3c.dom.", "org.xml.sax.",
    };

    private static final String[] NEVER_INTERNAL = internal(NEVER);
    private static final String[] JDK_INTERNAL = internal(JDK);

    private final List<ClassPattern> include;
    private final List<ClassPattern> exclude;

    ClassSelector(List<ClassPattern> include, List<ClassPattern> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** Whether an {@code exclude} pattern names the class (JDK classes included). */
    boolean excludes(String className) {
        for (ClassPattern p : exclude) {
            if (p.matches(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a JDK class may be counted when a cycle seen at run time runs through it: any the agent
     * does not run on itself and no {@code exclude} names. (Counting {@code ThreadLocal#get}, which
     * the tracker calls on every entry, would make every counted call recurse until the stack ends.)
     */
    boolean mayCountJdk(String className) {
        return !startsWithAny(className, NEVER) && !excludes(className);
    }

    /** Whether a JDK class may be accepted at all: only when an include names classes. */
    boolean mayAcceptJdk() {
        return !include.isEmpty();
    }

    /** Whether the class with this binary name ({@code com.acme.Tree$Node}) may be instrumented. */
    boolean accepts(String className) {
        if (startsWithAny(className, NEVER) || className.contains("$$Lambda") || className.startsWith("[")) {
            return false;
        }
        for (ClassPattern p : exclude) {
            if (p.matches(className)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return !startsWithAny(className, JDK);
        }
        for (ClassPattern p : include) {
            if (p.matches(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #accepts} for an internal name ({@code com/acme/Tree$Node}): asked for every call a loaded
     * class makes, so without building the binary name unless a pattern must see it.
     */
    boolean acceptsInternal(String internalName) {
        if (startsWithAny(internalName, NEVER_INTERNAL) || internalName.contains("$$Lambda") || internalName.startsWith("[")) {
            return false;
        }
        if (include.isEmpty() && exclude.isEmpty()) {
            return !startsWithAny(internalName, JDK_INTERNAL);
        }
        return accepts(internalName.replace('/', '.'));
    }

    private static String[] internal(String[] prefixes) {
        String[] out = new String[prefixes.length];
        for (int i = 0; i < prefixes.length; i++) {
            out[i] = prefixes[i].replace('.', '/');
        }
        return out;
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
