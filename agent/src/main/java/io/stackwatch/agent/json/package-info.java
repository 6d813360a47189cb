/**
 * The agent's one JSON writer and reader (the agent carries no JSON library: it must stay small and
 * never meet the host's), and {@link io.stackwatch.agent.json.HostStrings}, the one place where strings
 * from the host are made safe for a JSON literal or a log line.
 */
package io.stackwatch.agent.json;
