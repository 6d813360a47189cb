package io.stackwatch.examples.service;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /evaluate}: the expression in, its value out, both as plain text. */
@RestController
public class EvaluateController {

    /** Bodies above this are refused before parsing: a bound on work, not on nesting. */
    static final int MAX_EXPRESSION_CHARS = 1 << 20;

    @PostMapping(path = "/evaluate", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
    public String evaluate(@RequestBody String expression) {
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw new BadExpressionException("expression longer than " + MAX_EXPRESSION_CHARS + " characters");
        }
        try {
            return Long.toString(ExpressionParser.evaluate(expression));
        } catch (ArithmeticException e) {
            throw new BadExpressionException("value out of range (" + e.getMessage() + ")");
        }
    }
}
