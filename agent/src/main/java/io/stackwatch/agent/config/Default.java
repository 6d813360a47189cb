package io.stackwatch.agent.config;

/**
 * A key's value when it is not given or not usable: a constant, or one that follows other keys
 * (patrolRatio follows warnAt, the Go model's sizes follow go.preset).
 *
 * @param <T> the key's value
 */
abstract class Default<T> {

    /** The value, given the other keys; {@code given} when the key had a value that was refused. */
    abstract T value(Setting setting, boolean given);

    /** How the line for a refused value says what is used instead. */
    String text(Setting setting, boolean given) {
        return String.valueOf(value(setting, given));
    }

    /** How the help says the default. */
    abstract String describe();
}
