package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent does on the way to the application's main: the files it copies out of its jar are
 * kept (privately) and reused, and the parts that only report start in the background without losing
 * anything that happens meanwhile.
 */
class StartupIT {

    @Test
    void theCoreJarAndNativeLibraryAreCopiedOnceAndReusedByLaterStarts() throws Exception {
        Path tmp = Files.createDirectories(ChildJvm.OUTPUT.resolve("startup-tmp-" + System.nanoTime())).toAbsolutePath();
        for (int run = 0; run < 2; run++) {
            ChildJvm.Result r = ChildJvm.withAgent("").jvmArg("-Djava.io.tmpdir=" + tmp).run("testapps.PlainHost");
            assertThat(r.exitCode).as(r.toString()).isZero();
            assertThat(r.stderr).as(r.toString()).contains("stack use is read from the stack pointer")
                    .doesNotContain("cannot put stackwatch-core");
        }
        Path cache = tmp.resolve("stackwatch-" + System.getProperty("user.name"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)))
                .isEqualTo("rwx------");
        try (Stream<Path> top = Files.list(tmp); Stream<Path> cached = Files.list(cache)) {
            // Nothing else in the temporary directory, not even from the first start.
            assertThat(top).containsExactly(cache);
            List<String> names = cached.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            assertThat(names).hasSize(2);
            assertThat(names.get(0)).startsWith("core-").endsWith(".jar");
            assertThat(names.get(1)).startsWith("libstackwatch-").endsWith(".so");
        }
    }

    @Test
    void aCacheDirectoryOthersCanWriteToIsNotUsedAndTheAgentStillStarts() throws Exception {
        Path tmp = Files.createDirectories(ChildJvm.OUTPUT.resolve("startup-open-" + System.nanoTime())).toAbsolutePath();
        Path planted = Files.createDirectory(tmp.resolve("stackwatch-" + System.getProperty("user.name")));
        Files.setPosixFilePermissions(planted, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        ChildJvm.Result r = ChildJvm.withAgent("").jvmArg("-Djava.io.tmpdir=" + tmp).run("testapps.PlainHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stderr).as(r.toString()).contains("active in").contains("stack use is read from the stack pointer");
        try (Stream<Path> files = Files.list(planted)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRecursionThatWarnsAsSoonAsMainRunsIsStillReported() throws Exception {
        Path log = ChildJvm.eventLog("startup-early");
        // Warns and overflows within the first milliseconds, while the metrics and JMX are still starting.
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.Runaway", "platform", "0", "1");

        assertThat(r.exitCode).as(r.toString()).isZero();
        EventLog events = EventLog.read(log);
        assertThat(events.typesOf("runaway-platform")).as(events.toString()).contains("warn", "overflow");
        assertThat(r.stderr).as(r.toString()).contains("WARN  thread \"runaway-platform\"");
    }
}
