/**
 * The command line, {@code java -jar stackwatch-agent.jar}: help, {@code scan} (in {@code agent.scan}),
 * and {@code attach}, {@code detach}, {@code report}, which run outside the target JVM and reach it
 * through the Attach API and its local JMX agent.
 */
package io.stackwatch.agent.cli;
