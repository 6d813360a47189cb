package testapps;

/**
 * Recursions whose real depth at overflow the scan's estimate is checked against: each runs on a
 * fresh thread of the default stack size until it overflows, and prints the rounds it reached.
 * Args: how many times to run each (later runs are compiled).
 */
public final class ScanCalibration {

    static int rounds;

    static int self(int n) {
        rounds++;
        return self(n + 1) + 1;
    }

    static long even(long a, long b, Object o) {
        rounds++;
        long x = a + b;
        return odd(x, b, o) + x;
    }

    static long odd(long a, long b, Object o) {
        String s = String.valueOf(b);
        return even(a, b + 1, s) + s.length();
    }

    public static void main(String[] args) throws Exception {
        int times = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        for (String which : new String[]{"self", "even"}) {
            int last = 0;
            for (int i = 0; i < times; i++) {
                int[] reached = new int[1];
                Thread t = new Thread(() -> {
                    rounds = 0;
                    try {
                        if (which.equals("self")) {
                            self(0);
                        } else {
                            even(0, 0, "");
                        }
                    } catch (StackOverflowError e) {
                        reached[0] = rounds;
                    }
                });
                t.start();
                t.join();
                last = reached[0];
            }
            System.out.println(which + "=" + last);
        }
    }
}
