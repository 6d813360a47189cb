package io.stackwatch.bench.perf.libraries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real libraries parsing a realistic document ({@link Catalog}, ~100 KB). The suite runs it three
 * times: without the agent, and with the libraries' packages included under {@code select=recursive}
 * and {@code select=all}; each figure is a ratio to the run without the agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LibraryParsingBenchmark {

    private final ObjectMapper jackson = new ObjectMapper();
    private final Gson gson = new Gson();
    private String json;
    private String yaml;

    @Setup
    public void setUp() throws Exception {
        Map<String, Object> tree = Catalog.tree();
        json = jackson.writeValueAsString(tree);
        yaml = new Yaml().dump(tree);
    }

    @Benchmark
    public JsonNode jacksonTree() throws Exception {
        return jackson.readTree(json);
    }

    @Benchmark
    public Catalog jacksonBind() throws Exception {
        return jackson.readValue(json, Catalog.class);
    }

    @Benchmark
    public Catalog gsonBind() {
        return gson.fromJson(json, Catalog.class);
    }

    @Benchmark
    public Object snakeyamlLoad() {
        // A new Yaml per document, as the library asks (it is not thread-safe and keeps parser state).
        return new Yaml().load(yaml);
    }
}
