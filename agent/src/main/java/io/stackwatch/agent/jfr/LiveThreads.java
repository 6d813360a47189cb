package io.stackwatch.agent.jfr;

/** A live platform thread by its id, for the typed thread of a finding (rare: only when JFR records it). */
final class LiveThreads {

    private LiveThreads() {
    }

    static Thread byId(long id) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i].getId() == id) {
                return threads[i];
            }
        }
        return null;
    }
}
