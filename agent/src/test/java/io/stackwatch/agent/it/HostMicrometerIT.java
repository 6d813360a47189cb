package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's meters in an application's own Micrometer of another version, with no code change. */
class HostMicrometerIT {

    static final Path HOST_MICROMETER = Paths.get(System.getProperty("stackwatch.hostMicrometer", "target/host-micrometer"));

    @Test
    void theMetersAppearInTheApplicationsGlobalRegistryOfItsOwnOlderMicrometer() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").jarsIn(HOST_MICROMETER).run("testapps.MicrometerHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("hostMicrometer=micrometer-core-1.15.7.jar").contains("done");
        List<String> meters = r.stdoutLines().stream().filter(l -> l.startsWith("METER ")).collect(Collectors.toList());
        assertThat(meters).as(r.toString())
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.overflows COUNTER method=testapps.MicrometerHost#runaway value=1.0"))
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.warnings COUNTER method=testapps.MicrometerHost#runaway value=1.0"))
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.warnings COUNTER method=other value=0.0"))
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.go.stack.inuse GAUGE unit=bytes value="))
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.threads.started COUNTER value="))
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.thread.peak.ratio GAUGE rank=1 value="))
                .anySatisfy(l -> assertThat(l).startsWith("METER stackwatch.stack.usage.ratio GAUGE value="));
        // Growths were counted and read through the host's API, across the class loaders.
        assertThat(meters).anySatisfy(l -> assertThat(l).matches("METER stackwatch\\.go\\.stack\\.growths COUNTER value=([1-9]\\d*)\\.0"));
        assertThat(r.stderr).contains("meters registered in the application's Micrometer");
    }

    @Test
    void hostMetricsOffLeavesTheApplicationsRegistryAlone() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("hostMetrics=off").jarsIn(HOST_MICROMETER).run("testapps.MicrometerHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("done").doesNotContain("METER ");
    }
}
