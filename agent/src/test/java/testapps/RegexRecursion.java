package testapps;

import java.util.regex.Pattern;

/** A recursion wholly inside java.util.regex, entered from here. */
public final class RegexRecursion {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        TrackerProbe.runOn("platform", 0, "regex-worker", () -> {
            String input = "ab".repeat(n);
            try {
                boolean m = Pattern.compile("(a|b)*").matcher(input).matches();
                System.out.println("matched=" + m);
            } catch (StackOverflowError e) {
                System.out.println("overflow " + e.getClass().getName());
            }
            System.out.println("trackerDepth=" + TrackerProbe.depth());
        });
        System.out.println("done");
    }
}
