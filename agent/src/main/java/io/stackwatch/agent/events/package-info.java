/**
 * The event pipeline: the pump that drains the core's event queue on the agent's background thread,
 * derives each event's cycle and origin, logs the warning, appends the JSON line and hands the event to
 * its listeners (JFR, the counts behind the meters). All formatting and I/O happens here.
 */
package io.stackwatch.agent.events;
