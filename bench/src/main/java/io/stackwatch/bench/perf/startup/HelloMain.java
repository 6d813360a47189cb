package io.stackwatch.bench.perf.startup;

/** The start-up probe: says it is in {@code main} at once, so the parent can time the way there. */
public final class HelloMain {

    private HelloMain() {
    }

    public static void main(String[] args) {
        System.out.println("main");
        System.out.flush();
    }
}
