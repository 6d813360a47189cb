/**
 * The on-demand report of every thread, riskiest first (Go's SIGQUIT goroutine dump): behind the
 * {@code report} command, the {@code Report} MBean and the endpoint's {@code /stackwatch} pages.
 */
package io.stackwatch.agent.livereport;
