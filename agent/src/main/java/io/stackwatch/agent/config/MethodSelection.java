package io.stackwatch.agent.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The methods a static scan report names, for {@code select=scan:<file>}. The report's format is
 * the scan's business: it provides the {@link Reader}.
 */
public interface MethodSelection {

    /** Methods to instrument as {@code pkg/Class.name(descriptor)}, the planner's keys. */
    Set<String> methodKeys();

    /** Internal names of the classes those methods are in. */
    Set<String> classNames();

    /** How many recursions the report names. */
    int recursions();

    /** Reads a report file. */
    interface Reader {
        /**
         * @throws IOException when the file cannot be read
         * @throws IllegalArgumentException when it is not a report; the message says why
         */
        MethodSelection read(Path file) throws IOException;
    }
}
