package io.stackwatch.agent.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtractedFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aNewDirectoryIsOpenToItsOwnerOnly() throws Exception {
        Path dir = tmp.resolve("cache");
        assertThat(ExtractedFiles.privateDirectory(dir)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        // And once it exists, it is accepted as it is.
        assertThat(ExtractedFiles.privateDirectory(dir)).isTrue();
    }

    @Test
    void aDirectoryOthersCanWriteToIsNeverUsed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ExtractedFiles.privateDirectory(dir)).isFalse();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(ExtractedFiles.privateDirectory(dir)).isFalse();
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsNeverFollowed() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThat(ExtractedFiles.privateDirectory(link)).isFalse();
    }

    @Test
    void aFileIsWrittenOnceThenFoundByLaterStarts() throws Exception {
        Path agentJar = Files.write(tmp.resolve("agent.jar"), new byte[]{1, 2, 3});
        Path dir = tmp.resolve("cache");
        ExtractedFiles.privateDirectory(dir);
        AtomicInteger writes = new AtomicInteger();
        ExtractedFiles.Content content = out -> {
            writes.incrementAndGet();
            out.write("core".getBytes(StandardCharsets.UTF_8));
        };
        ExtractedFiles first = ExtractedFiles.in(dir, agentJar, "1.0");
        Path a = first.file("core", ".jar", content);
        Path b = ExtractedFiles.in(dir, agentJar, "1.0").file("core", ".jar", content);
        assertThat(a).isEqualTo(b).hasContent("core");
        assertThat(writes).hasValue(1);
        // Only the finished file is left: no partial copies.
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(a);
        }
    }

    @Test
    void anotherAgentJarGetsItsOwnFile() throws Exception {
        Path dir = tmp.resolve("cache");
        ExtractedFiles.privateDirectory(dir);
        Path jar1 = Files.write(tmp.resolve("a.jar"), new byte[]{1});
        Path jar2 = Files.write(tmp.resolve("b.jar"), new byte[]{1, 2});
        Path a = ExtractedFiles.in(dir, jar1, "1.0").file("core", ".jar", out -> out.write(1));
        Path b = ExtractedFiles.in(dir, jar2, "1.0").file("core", ".jar", out -> out.write(2));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        Path dir = tmp.resolve("cache");
        ExtractedFiles.privateDirectory(dir);
        Path jar = Files.write(tmp.resolve("a.jar"), new byte[]{1});
        assertThatThrownBy(() -> ExtractedFiles.in(dir, jar, "1.0").file("core", ".jar", out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        })).hasMessage("disk full");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
