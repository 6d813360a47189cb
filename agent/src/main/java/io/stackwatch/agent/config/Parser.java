package io.stackwatch.agent.config;

/**
 * How one key's text is read. A parser is a class (anonymous or named), never a lambda: the
 * configuration is read on premain's path.
 *
 * @param <T> the key's value
 */
abstract class Parser<T> {

    /**
     * The value {@code text} stands for, or null when the key does not accept it (the loader then says
     * so in one line and the key keeps its default). A parser that accepts part of a list reports each
     * part it drops through {@code setting} and returns the rest.
     */
    abstract T parse(String text, Setting setting);
}
