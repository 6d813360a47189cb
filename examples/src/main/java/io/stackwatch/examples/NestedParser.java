package io.stackwatch.examples;

/**
 * A recursive-descent parser for a small JSON-like language of nested integer arrays
 * ({@code [1,[2,[3]]]}), fed a hostile document nested N deep ({@code [[[[…1…]]]]}, default 100000).
 * This is the shape of the nesting-depth CVEs in JSON, YAML and XML parsers: every level of input
 * is two Java frames ({@code value} → {@code array} → {@code value} …), so a deep enough document
 * exhausts the stack of whatever thread parses it.
 *
 * <p>The worker parses a benign document (nesting 10), then the hostile one, reporting its result or
 * the caught error and the depth reached, then the benign document again, to show that the thread
 * and the parser are fine after the overflow.
 *
 * <pre>java -cp stackwatch-examples.jar io.stackwatch.examples.NestedParser [depth] [--virtual | --stack-size=256k]</pre>
 */
public final class NestedParser {

    private static final String USAGE =
            "NestedParser [depth, default 100000] [--virtual | --stack-size=<bytes|256k|8m>]";
    private static final int DEFAULT_DEPTH = 100_000;
    private static final int MAX_DEPTH = 100_000_000;
    private static final int BENIGN_DEPTH = 10;

    private NestedParser() {
    }

    public static void main(String[] args) {
        DemoThreads threads = DemoThreads.fromArgs(args, USAGE);
        int depth = depthArgument(threads);
        String name = "parser-worker";
        System.out.println("NestedParser: a document nested " + depth + " deep on " + threads.describe(name));
        String benign = benignDocument(BENIGN_DEPTH);
        String hostile = hostileDocument(depth);
        threads.runAndWait(name, () -> work(benign, hostile, depth));
        System.out.println("done");
    }

    private static int depthArgument(DemoThreads threads) {
        if (threads.arguments().isEmpty()) {
            return DEFAULT_DEPTH;
        }
        String arg = threads.arguments().get(0);
        int depth = -1;
        try {
            depth = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (threads.arguments().size() > 1 || depth < 1 || depth > MAX_DEPTH) {
            System.err.println("expected one depth from 1 to " + MAX_DEPTH + ", got " + threads.arguments()
                    + "; usage: " + USAGE);
            System.exit(DemoThreads.EXIT_USAGE);
        }
        return depth;
    }

    private static void work(String benign, String hostile, int hostileDepth) {
        parseBenign("before", benign);

        System.out.println("hostile document (nesting " + hostileDepth + ", " + hostile.length() + " chars):");
        Parser parser = new Parser(hostile);
        try {
            Summary summary = parser.parseDocument();
            System.out.println("parsed: " + summary);
        } catch (StackOverflowError e) {
            System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.println("depth reached: " + parser.deepest());

        parseBenign("after", benign);
    }

    private static void parseBenign(String when, String document) {
        Summary summary = new Parser(document).parseDocument();
        System.out.println("benign document (nesting " + BENIGN_DEPTH + ") " + when + ": " + document
                + " -> " + summary);
    }

    /** {@code [1,[2,[3,…[depth]…]]]}: nesting {@code depth}, numbers 1 to {@code depth}. */
    static String benignDocument(int depth) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < depth; i++) {
            text.append('[').append(i).append(',');
        }
        text.append('[').append(depth).append(']');
        for (int i = 1; i < depth; i++) {
            text.append(']');
        }
        return text.toString();
    }

    /** {@code [[[…1…]]]}: nesting {@code depth}. */
    static String hostileDocument(int depth) {
        StringBuilder text = new StringBuilder(2 * depth + 1);
        for (int i = 0; i < depth; i++) {
            text.append('[');
        }
        text.append('1');
        for (int i = 0; i < depth; i++) {
            text.append(']');
        }
        return text.toString();
    }

    /** What a parsed document holds: how many numbers, their sum, and its deepest nesting. */
    static final class Summary {
        final long count;
        final long sum;
        final int nesting;

        Summary(long count, long sum, int nesting) {
            this.count = count;
            this.sum = sum;
            this.nesting = nesting;
        }

        @Override
        public String toString() {
            return count + " number(s), sum " + sum + ", nesting " + nesting;
        }
    }

    /** A malformed document. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, int position) {
            super(message + " at offset " + position);
        }
    }

    /**
     * The grammar, one method per rule:
     * <pre>
     * document := value EOF
     * value    := number | array
     * array    := '[' ( value ( ',' value )* )? ']'
     * number   := '-'? digit+
     * </pre>
     * No depth limit: that is the point of the demo.
     */
    static final class Parser {
        private final String text;
        private int pos;
        private int depth;
        private int deepest;
        private long count;
        private long sum;

        Parser(String text) {
            this.text = text;
        }

        /** The deepest array nesting entered so far, also after a failed parse. */
        int deepest() {
            return deepest;
        }

        Summary parseDocument() {
            value();
            skipSpace();
            if (pos != text.length()) {
                throw new SyntaxError("unexpected '" + text.charAt(pos) + "'", pos);
            }
            return new Summary(count, sum, deepest);
        }

        private void value() {
            skipSpace();
            if (pos >= text.length()) {
                throw new SyntaxError("unexpected end of input", pos);
            }
            char c = text.charAt(pos);
            if (c == '[') {
                array();
            } else if (c == '-' || Character.isDigit(c)) {
                number();
            } else {
                throw new SyntaxError("unexpected '" + c + "'", pos);
            }
        }

        private void array() {
            pos++; // '['
            depth++;
            if (depth > deepest) {
                deepest = depth;
            }
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
                return;
            }
            while (true) {
                value();
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    depth--;
                    return;
                } else {
                    throw new SyntaxError(c == 0 ? "unclosed '['" : "expected ',' or ']' but found '" + c + "'", pos);
                }
            }
        }

        private void number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start || (pos == start + 1 && text.charAt(start) == '-')) {
                throw new SyntaxError("expected a number", start);
            }
            count++;
            sum += Long.parseLong(text, start, pos, 10);
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
