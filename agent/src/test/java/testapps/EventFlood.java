package testapps;

/**
 * Makes many events as fast as it can and exits at once: with {@code maxDepth=2} every call of
 * {@link #down} three deep crosses the limit and is warned about (the warning re-arms back at depth 1).
 * Args: the number of crossings.
 */
public final class EventFlood {

    static int down(int n) {
        return n <= 0 ? 0 : down(n - 1) + 1;
    }

    public static void main(String[] args) {
        int crossings = Integer.parseInt(args[0]);
        long sum = 0;
        for (int i = 0; i < crossings; i++) {
            sum += down(3);
        }
        System.out.println("crossings " + crossings + " sum " + sum);
    }
}
