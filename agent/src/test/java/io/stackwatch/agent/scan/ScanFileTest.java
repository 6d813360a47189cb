package io.stackwatch.agent.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanFileTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("scan-" + System.nanoTime() + ".json"), json);
    }

    @Test
    void namesEveryMethodOfEveryCycleAndMemberAsThePlannerKeysThem() throws IOException {
        ScanFile f = ScanFile.read(file("{\"format\":1,\"recursions\":["
                + "{\"cycle\":[{\"method\":\"com.acme.Parser#value\",\"descriptor\":\"()I\",\"line\":3}],"
                + "\"members\":[{\"method\":\"com.acme.Parser#value\",\"descriptor\":\"()I\"},"
                + "{\"method\":\"com.acme.util.Tree$Node#walk\",\"descriptor\":\"(Lcom/acme/util/Tree$Node;)V\"}]},"
                + "{\"cycle\":[{\"method\":\"org.other.Json#read\",\"descriptor\":\"(Ljava/io/Reader;I)Ljava/lang/Object;\"}]}]}"));
        assertThat(f.recursions()).isEqualTo(2);
        assertThat(f.methodKeys()).containsExactlyInAnyOrder("com/acme/Parser.value()I",
                "com/acme/util/Tree$Node.walk(Lcom/acme/util/Tree$Node;)V", "org/other/Json.read(Ljava/io/Reader;I)Ljava/lang/Object;");
        assertThat(f.classNames()).containsExactlyInAnyOrder("com/acme/Parser", "com/acme/util/Tree$Node", "org/other/Json");
    }

    @Test
    void whatIsNotAScanReportIsRefusedWithTheReason() throws IOException {
        assertThatThrownBy(() -> ScanFile.read(file("[]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ScanFile.read(file("{\"recursions\":[]}"))).hasMessageContaining("\"format\" is missing");
        assertThatThrownBy(() -> ScanFile.read(file("{\"format\":2,\"recursions\":[]}"))).hasMessageContaining("format 1");
        assertThatThrownBy(() -> ScanFile.read(file("{\"format\":1}"))).hasMessageContaining("no \"recursions\" array");
        assertThatThrownBy(() -> ScanFile.read(file("{\"format\":1,\"recursions\":[{\"cycle\":[{\"method\":\"x\"}]}]}")))
                .hasMessageContaining("recursion 1: expected methods as");
        assertThatThrownBy(() -> ScanFile.read(file("{\"format\":1,\"recursions\":[")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> ScanFile.read(dir.resolve("absent.json"))).isInstanceOf(NoSuchFileException.class);
    }
}
