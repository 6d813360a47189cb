package io.stackwatch.examples.service;

/**
 * Evaluates integer arithmetic ({@code + - * / %}, unary minus, parentheses) by recursive descent,
 * the way people write such parsers by hand:
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := factor (('*' | '/' | '%') factor)*
 * factor     := number | '-' factor | '(' expression ')'
 * </pre>
 *
 * Every level of parentheses is three Java frames ({@code expression -> term -> factor}) and there is
 * no limit on nesting: input nested deep enough exhausts the stack of the thread that parses it.
 */
public final class ExpressionParser {

    private final String text;
    private int pos;

    private ExpressionParser(String text) {
        this.text = text;
    }

    /** The value of the expression; a {@link BadExpressionException} says what is wrong and where. */
    public static long evaluate(String text) {
        ExpressionParser p = new ExpressionParser(text);
        long value = p.expression();
        p.skipSpaces();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return value;
    }

    private long expression() {
        long value = term();
        while (true) {
            char c = peek();
            if (c == '+') {
                pos++;
                value = Math.addExact(value, term());
            } else if (c == '-') {
                pos++;
                value = Math.subtractExact(value, term());
            } else {
                return value;
            }
        }
    }

    private long term() {
        long value = factor();
        while (true) {
            char c = peek();
            if (c == '*') {
                pos++;
                value = Math.multiplyExact(value, factor());
            } else if (c == '/' || c == '%') {
                pos++;
                long divisor = factor();
                if (divisor == 0) {
                    throw error("division by zero");
                }
                value = c == '/' ? value / divisor : value % divisor;
            } else {
                return value;
            }
        }
    }

    private long factor() {
        char c = peek();
        if (c == '-') {
            pos++;
            return Math.negateExact(factor());
        }
        if (c == '(') {
            pos++;
            long value = expression();
            if (peek() != ')') {
                throw error("expected ')'");
            }
            pos++;
            return value;
        }
        return number();
    }

    private long number() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error(pos < text.length() ? "expected a number, found '" + text.charAt(pos) + "'" : "expected a number");
        }
        try {
            return Long.parseLong(text, start, pos, 10);
        } catch (NumberFormatException e) {
            throw error("number out of range");
        }
    }

    /** The next character that is not a space, or 0 at the end. */
    private char peek() {
        skipSpaces();
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private BadExpressionException error(String what) {
        return new BadExpressionException(what + " at position " + pos);
    }
}
