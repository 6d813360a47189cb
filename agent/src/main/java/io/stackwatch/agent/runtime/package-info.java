/**
 * The running agent. {@link io.stackwatch.agent.runtime.AgentRuntime} owns its components: each has
 * {@code start()} and {@code stop()}, they start in order and detach stops them in the reverse order.
 * {@link io.stackwatch.agent.runtime.AgentStarter} says which components there are and when each starts:
 * the event pipeline, the tracker and the instrumentation before {@code main}, everything that only reports
 * on a background thread. A new part that runs a thread or registers anything is a component.
 */
package io.stackwatch.agent.runtime;
