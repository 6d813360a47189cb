/**
 * The core, on the bootstrap class path so that advice in any class can reach it. API:
 * {@link io.stackwatch.core.StackDepthExceededError} (what {@code action=throw} throws),
 * {@code io.stackwatch.core.tasks} and {@code io.stackwatch.core.threads.ThreadStartRefusedException}.
 * Every other package of the core is internal: public only for the advice and the agent, and it
 * changes without notice (docs/ARCHITECTURE.md, "Packages"; {@code ApiPackagesTest}).
 */
package io.stackwatch.core;
