package testapps;

/** A host that just has to keep running whatever the agent is told. */
public final class PlainHost {

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static void main(String[] args) {
        System.out.println("host ran fib=" + fib(20));
    }
}
