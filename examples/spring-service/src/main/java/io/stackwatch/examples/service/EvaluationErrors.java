package io.stackwatch.examples.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns what can go wrong with a client's expression into a 4xx answer. A stack overflow while
 * parsing means the client sent something nested deeper than this service can take: it is the
 * client's input, so it gets a 422 saying so, and the thread goes back to the pool.
 */
@RestControllerAdvice
public class EvaluationErrors {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationErrors.class);

    @ExceptionHandler(BadExpressionException.class)
    public ResponseEntity<String> badExpression(BadExpressionException e) {
        return answer(HttpStatus.BAD_REQUEST, "bad expression: " + e.getMessage());
    }

    @ExceptionHandler(StackOverflowError.class)
    public ResponseEntity<String> nestedTooDeep(StackOverflowError e) {
        // Any StackOverflowError, a real one or one thrown earlier on purpose by whatever watches the stack.
        LOG.warn("refused an expression nested too deeply: {} at {}", e.getClass().getName(), whereInThisService(e));
        return answer(HttpStatus.UNPROCESSABLE_ENTITY,
                "expression nested too deeply to evaluate (" + e.getClass().getName() + ")");
    }

    /** The innermost frame of this service's own code: a real overflow strikes wherever the stack ends. */
    private static String whereInThisService(Throwable e) {
        String ownPackage = EvaluationErrors.class.getPackageName() + ".";
        StackTraceElement[] trace = e.getStackTrace();
        for (StackTraceElement frame : trace) {
            if (frame.getClassName().startsWith(ownPackage)) {
                return frame.getClassName() + "." + frame.getMethodName() + " (innermost frame: " + trace[0] + ")";
            }
        }
        return trace.length == 0 ? "?" : trace[0].toString();
    }

    private static ResponseEntity<String> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }
}
