package io.stackwatch.agent.jmx;

import io.stackwatch.agent.livereport.LiveReport;

/** The JMX face of {@link LiveReport}. */
public final class Report implements ReportMBean {

    public static final String OBJECT_NAME = "io.stackwatch:type=Report";

    private final LiveReport report;

    public Report(LiveReport report) {
        this.report = report;
    }

    @Override
    public String text() {
        return report.text();
    }

    @Override
    public String json() {
        return report.json();
    }
}
