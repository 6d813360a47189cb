package io.stackwatch.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Retransforms loaded classes whose counted methods grew (a cycle closed by a class loaded later, a
 * cycle learned at run time), off the threads that asked: a class cannot be retransformed from within
 * the transformation of another. Requests that arrive close together go in one call.
 */
final class Retransformer implements Runnable, Planner.Requests {

    /** How long a batch waits for more requests. */
    static final long BATCH_MILLIS = 5;
    /** Rounds a request for a class not loaded yet is kept for (one round is {@link #BATCH_MILLIS} or more). */
    static final int MAX_TRIES = 40;
    /** Requests kept for classes not loaded yet: how many rounds each has been tried. */
    private final Map<String, Integer> tries = new HashMap<>();

    private final Instrumentation inst;
    private final BiConsumer<String, Throwable> failures;
    /** Pending requests: internal name to its loader (null: the boot loader, or not known). */
    private final Map<String, ClassLoader> pending = new HashMap<>();
    private Thread thread;
    private boolean stopped;
    private long completed;
    private long requested;
    private Runnable catchUp;
    private long catchUpAt;
    /** How long the last catch-up took (the graph's size shows in it). */
    private long lastCatchUpMillis;

    /** How long a catch-up of the graph waits for more classes to load (and so for more edges to check at once). */
    static final long CATCH_UP_DELAY_MILLIS = 250;

    Retransformer(Instrumentation inst, BiConsumer<String, Throwable> failures) {
        this.inst = inst;
        this.failures = failures;
    }

    @Override
    public synchronized void catchUpSoon(Runnable work) {
        if (stopped || catchUp != null) {
            return;
        }
        catchUp = work;
        // At least four times as long as the last one took: while a large service loads classes, the
        // catch-ups then take a fifth of one core at most (a full pass over 100,000s of nodes costs tens
        // of milliseconds), and a cycle inside one class is counted as it loads anyway.
        catchUpAt = System.currentTimeMillis() + Math.max(CATCH_UP_DELAY_MILLIS, 4 * lastCatchUpMillis);
        requested++;
        startThread();
        notifyAll();
    }

    private void startThread() {
        if (thread == null) {
            thread = new Thread(this, "stackwatch-retransform");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public synchronized void request(String internalName, ClassLoader loader) {
        if (stopped) {
            return;
        }
        pending.put(internalName, loader);
        requested++;
        startThread();
        notifyAll();
    }

    /** Waits until every request made so far has been carried out (tests, and detach). */
    synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long target = requested;
        while (completed < target) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized void stop() {
        stopped = true;
        pending.clear();
        notifyAll();
    }

    @Override
    public void run() {
        while (true) {
            Map<String, ClassLoader> batch;
            Runnable work = null;
            long upTo;
            synchronized (this) {
                while (pending.isEmpty() && !stopped && (catchUp == null || System.currentTimeMillis() < catchUpAt)) {
                    try {
                        wait(catchUp == null ? 0 : Math.max(1, catchUpAt - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                if (catchUp != null && System.currentTimeMillis() >= catchUpAt) {
                    work = catchUp;
                    catchUp = null;
                }
                upTo = requested;
            }
            if (work != null) {
                // Its retransformation requests join this round's batch.
                long began = System.nanoTime();
                work.run();
                long took = (System.nanoTime() - began) / 1_000_000;
                synchronized (this) {
                    lastCatchUpMillis = took;
                }
            }
            synchronized (this) {
                try {
                    wait(BATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                batch = new HashMap<>(pending);
                pending.clear();
                upTo = Math.max(upTo, requested - (catchUp != null ? 1 : 0));
            }
            Set<String> early = retransform(batch);
            synchronized (this) {
                for (String name : early) {
                    Integer tried = tries.get(name);
                    int t = tried == null ? 1 : tried + 1;
                    if (t < MAX_TRIES && !pending.containsKey(name)) {
                        tries.put(name, t);
                        pending.put(name, batch.get(name));
                    } else {
                        tries.remove(name);
                    }
                }
                completed = Math.max(completed, upTo);
                notifyAll();
            }
        }
    }

    /**
     * Retransforms the named classes that are loaded (and modifiable); returns the names (internal)
     * of those not loaded yet. A class is transformed before its superclass loads, so a cycle its
     * superclass's loading closes may be counted in it while it is still being defined: its request
     * comes a moment too early, and is tried again ({@link #MAX_TRIES}).
     */
    Set<String> retransform(Map<String, ClassLoader> byName) {
        Map<ClassLoader, Set<String>> byLoader = new HashMap<>();
        Set<String> unknownLoader = new HashSet<>();
        for (Map.Entry<String, ClassLoader> e : byName.entrySet()) {
            String binary = e.getKey().replace('/', '.');
            if (e.getValue() == null) {
                unknownLoader.add(binary);
            } else {
                // No lambda (computeIfAbsent's): the instrument package is on premain's path.
                Set<String> names = byLoader.get(e.getValue());
                if (names == null) {
                    names = new HashSet<>();
                    byLoader.put(e.getValue(), names);
                }
                names.add(binary);
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (Map.Entry<ClassLoader, Set<String>> e : byLoader.entrySet()) {
            for (Class<?> c : inst.getInitiatedClasses(e.getKey())) {
                if (e.getValue().remove(c.getName()) && c.getClassLoader() == e.getKey()) {
                    classes.add(c);
                }
            }
            unknownLoader.addAll(e.getValue());
        }
        if (!unknownLoader.isEmpty()) {
            // The boot loader's classes, or classes whose loader was not recorded: one look at them all.
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (unknownLoader.remove(c.getName())) {
                    classes.add(c);
                }
            }
        }
        retransform(classes);
        Set<String> notLoaded = new HashSet<>();
        for (String binary : unknownLoader) {
            notLoaded.add(binary.replace('.', '/'));
        }
        return notLoaded;
    }

    void retransform(List<Class<?>> classes) {
        List<Class<?>> modifiable = new ArrayList<>(classes.size());
        for (Class<?> c : classes) {
            if (inst.isModifiableClass(c)) {
                modifiable.add(c);
            }
        }
        if (modifiable.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(modifiable.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError batchFailed) {
            // One class spoils the batch: one at a time, so that the others still get their counting.
            for (Class<?> c : modifiable) {
                try {
                    inst.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError failed) {
                    failures.accept(c.getName(), failed);
                }
            }
        }
    }
}
