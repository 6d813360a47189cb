/**
 * Every MBean of the agent ({@code io.stackwatch:type=Stackwatch}, {@code type=Report},
 * {@code type=Agent}) and their registration, which waits until creating the platform MBean server
 * cannot take the application's logging set-up.
 */
package io.stackwatch.agent.jmx;
