package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The agent's JSON-lines event log as a test reads it: every line must parse. */
final class EventLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> events;

    private EventLog(List<JsonNode> events) {
        this.events = events;
    }

    static EventLog read(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line));
                }
            }
        }
        return new EventLog(events);
    }

    List<JsonNode> ofThread(String thread) {
        return events.stream().filter(e -> e.get("thread").asText().equals(thread)).collect(Collectors.toList());
    }

    List<String> typesOf(String thread) {
        return ofThread(thread).stream().map(e -> e.get("type").asText()).collect(Collectors.toList());
    }

    List<JsonNode> ofType(String type) {
        return events.stream().filter(e -> e.get("type").asText().equals(type)).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return events.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
    }
}
