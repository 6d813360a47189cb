package io.stackwatch.agent.config;

/**
 * {@code select=}: which methods of the included classes are instrumented, and for {@code scan:<file>}
 * the report's file and the methods it names.
 *
 * <p>Like every record read on premain's path, it writes its own {@code equals}, {@code hashCode} and
 * {@code toString}: the ones the compiler generates link an {@code invokedynamic}.
 */
public record Selection(AgentConfig.Select kind, String fileName, MethodSelection methods) {

    public static final Selection RECURSIVE = new Selection(AgentConfig.Select.RECURSIVE, null, null);
    public static final Selection ALL = new Selection(AgentConfig.Select.ALL, null, null);

    /** {@code recursive}, {@code all}, or {@code scan:<file> (N methods of M recursions)} for the settings line. */
    public String describe() {
        return kind == AgentConfig.Select.SCAN
                ? "scan:" + fileName + " (" + methods.methodKeys().size() + " methods of " + methods.recursions() + " recursions)"
                : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection && ((Selection) o).kind == kind && java.util.Objects.equals(((Selection) o).fileName, fileName)
                && ((Selection) o).methods == methods;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + java.util.Objects.hashCode(fileName);
    }

    @Override
    public String toString() {
        return describe();
    }
}
