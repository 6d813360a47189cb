package io.stackwatch.agent.jmx;

/** JMX: {@code io.stackwatch:type=Report}, the live report of every thread. */
public interface ReportMBean {

    /** The report as text, riskiest thread first. */
    String text();

    /** The report as one JSON object. */
    String json();
}
