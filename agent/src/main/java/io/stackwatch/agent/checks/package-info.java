/**
 * The operational checks, on their own thread: the patrol of every thread's real frames, the platform
 * thread start rate (and the gate on {@code Thread#start()} behind {@code threadRateAction=reject}), and
 * the stack in use (the Go model's, and the JVM's under Native Memory Tracking).
 */
package io.stackwatch.agent.checks;
