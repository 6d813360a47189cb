/**
 * Internal: what the tracker saw ({@link io.stackwatch.core.event.StackEvent}, its type and
 * {@link io.stackwatch.core.event.Reason}), and the lock-free, bounded queue that hands events from the
 * instrumented threads to the agent's background thread. The event log's fields are a contract:
 * docs/ARCHITECTURE.md, "Contracts".
 */
package io.stackwatch.core.event;
