/**
 * API: task watermarks. {@link io.stackwatch.core.tasks.TaskWatch} wraps tasks, executors and thread
 * factories so that each task's peak stack is recorded and a task that reaches its {@code warnAt} is
 * reported; {@link io.stackwatch.core.tasks.TaskFigures} holds the totals for metrics.
 */
package io.stackwatch.core.tasks;
