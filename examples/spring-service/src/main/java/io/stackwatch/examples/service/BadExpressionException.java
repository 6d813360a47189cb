package io.stackwatch.examples.service;

/** The expression is not valid arithmetic, or its value does not fit a long. */
public final class BadExpressionException extends RuntimeException {

    public BadExpressionException(String message) {
        super(message, null, false, false);
    }
}
