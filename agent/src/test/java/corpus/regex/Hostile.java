package corpus.regex;

import corpus.CorpusDriver;

import java.util.regex.Pattern;

/**
 * The JDK's own {@code java.util.regex}: a repeated alternation ({@code (a|b)*}) matches by
 * recursion, one level per repetition, so a long enough input overflows the stack: JDK-6337993 and
 * its many duplicates, never fixed (the same holds on JDK 25); Sonar's rule S5998 flags the pattern.
 */
public final class Hostile {

    public static void main(String[] args) throws Exception {
        int length = CorpusDriver.depth(args, 100_000);
        String hostile = "ab".repeat(length);
        Pattern pattern = Pattern.compile("(a|b)*");
        CorpusDriver.run("regex", Pattern.class,
                () -> pattern.matcher("abab").matches() + " " + Pattern.compile("\\w+@\\w+\\.com").matcher("x@y.com").matches(),
                () -> pattern.matcher(hostile).matches());
    }
}
