/**
 * The agent's side of the Go model (the model itself is the core's {@code io.stackwatch.core.gomodel}):
 * the garbage collector's notifications, which let simulated stacks shrink when Go's would.
 */
package io.stackwatch.agent.gomodel;
