/**
 * The agent arguments. Every key is defined once, in {@link io.stackwatch.agent.config.ConfigKey} (name,
 * parser, default, what it accepts, one doc line); the loader, the command line's help and the check of
 * the README's table are derived from it. To add a key: one {@code define(...)} there and a README row,
 * then {@code config.get(ConfigKey.X)} where it is used. Read on premain's path: no lambda here.
 */
package io.stackwatch.agent.config;
