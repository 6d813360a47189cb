package io.stackwatch.agent.runtime;

import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.capacity.PendingCapacity;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.config.ConfigLoader;
import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.jfr.LazyJfrEvents;
import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.agent.logging.AgentLogging;
import io.stackwatch.agent.metrics.EventCounts;
import io.stackwatch.agent.otlp.OtlpEvents;
import io.stackwatch.agent.scan.ScanFile;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.tracking.Tracker;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Which components the agent has and when each starts. Before the application's {@code main}, on the
 * thread that runs {@code premain}: the event pipeline, the tracker and the instrumentation, so that
 * warnings and {@code action=throw} work from the first instrumented call. Everything that only
 * reports (the start line, meters, endpoint, MBeans, checks, the live report) follows on a
 * background thread ({@link BackgroundStart}): it loads much of {@code java.management} and
 * Micrometer (hundreds of milliseconds, measured), which the application should not wait for. When
 * attached to a running JVM, everything starts before {@code agentmain} returns.
 *
 * <p>No lambda here: this is premain's path (docs/ARCHITECTURE.md).
 */
public final class AgentStarter {

    private AgentStarter() {
    }

    /** Starts the agent once the core is on the bootstrap class path (or could not be put there). */
    public static void start(String args, Instrumentation inst, boolean coreOnBootstrap, boolean attached) throws Exception {
        if (!Tracker.claim()) {
            System.err.println("stackwatch: already running in this JVM; ignoring the second start");
            return;
        }
        long started = System.nanoTime();
        System.clearProperty(AgentStatus.PROBLEMS);
        System.clearProperty(AgentStatus.ENDPOINT);
        AgentConfig config = ConfigLoader.load(args, ScanFile.READER, new StandardError());
        if (!config.enabled()) {
            // For images that bake the agent in: one line, and the application runs untouched.
            System.err.println("stackwatch: disabled by enabled=false; the application runs without the agent");
            return;
        }
        // Before the first line through the agent's Logback: its level, target and format.
        AgentLogging.configure(config.logging());
        // The VM's stack flags come through java.management: read on another core meanwhile.
        PendingCapacity capacity = PendingCapacity.start(inst, config.stackSizeBytes());
        Logger log = AgentLogging.logger(AgentRuntime.class);
        AgentRuntime runtime = new AgentRuntime(log, config.summary(), BootstrapInjector.version());

        // The listeners before the pump runs, so that no event passes them uncounted.
        EventCounts counts = null;
        List<Consumer<StackEvent>> listeners = new ArrayList<>();
        List<AgentNotes> noteListeners = new ArrayList<>();
        OtlpEvents otlpEvents = null;
        try {
            // JFR first: once a count shows an event (MBean, scrape), its JFR event is committed too.
            LazyJfrEvents jfr = new LazyJfrEvents(log);
            listeners.add(jfr);
            noteListeners.add(jfr);
            counts = new EventCounts();
            listeners.add(counts);
            if (config.otlp() != null) {
                // Only a holder on the way to main: the export itself is loaded by the background start.
                otlpEvents = new OtlpEvents();
                listeners.add(otlpEvents);
                noteListeners.add(otlpEvents);
            }
        } catch (RuntimeException | LinkageError e) {
            log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
        }
        EventsComponent events = new EventsComponent(config.eventLog(), log, listeners, noteListeners);
        runtime.startRequired(events);
        if (config.safetySettingIgnored()) {
            noteIgnoredSafetySetting(config, events.pump());
        }
        TrackerComponent tracker = new TrackerComponent(config, capacity, log, attached);
        runtime.startRequired(tracker);
        InstrumentationComponent instrumentation = new InstrumentationComponent(inst, config, log, attached, coreOnBootstrap);
        runtime.startRequired(instrumentation);
        tracker.awaitWarmUp();
        long premainMillis = (System.nanoTime() - started) / 1_000_000;

        // The attach command reads the status as soon as agentmain returns: say it now.
        runtime.announce();
        BackgroundStart rest = new BackgroundStart(runtime, inst, config, capacity, events, instrumentation, counts, otlpEvents,
                coreOnBootstrap, log, premainMillis, tracker.nativeReadings());
        if (attached) {
            // Attached to a running JVM: nobody waits for main, and the attach command reports the outcome.
            rest.run();
        } else {
            // A named class, not a lambda: a lambda capturing this many values spins method-handle classes
            // on the way to main (tens of milliseconds, measured).
            Thread t = new Thread(rest, "stackwatch-start");
            t.setDaemon(true);
            t.start();
            rest.holdShutdownForTheStartLine();
        }
    }

    /**
     * Loud: an ignored {@code action} or {@code throwAt} decides what is stopped, so it is in the event
     * log (and the OTLP export, JFR) too, not only a line at start-up.
     */
    private static void noteIgnoredSafetySetting(AgentConfig config, AgentNotes notes) {
        String action = config.action().name().toLowerCase(Locale.ROOT);
        String text = "action=" + action + " in force: the setting(s) " + String.join(", ", config.ignoredKeys())
                + " could not be used (see the lines above)";
        notes.note(true, text, JsonWriter.object().field("ts", Instant.now().toString()).field("type", "config")
                .field("reason", "ignored").field("ignored", config.ignoredKeys()).field("action", action)
                .field("throwAt", config.throwAt(), 4).endObject().toString());
    }

    /**
     * Configuration problems, one line each, to standard error (a class: no call site to link), and
     * kept in a system property for the attach command to print back (it cannot see this JVM's stderr).
     */
    private static final class StandardError implements Consumer<String> {
        private final StringBuilder kept = new StringBuilder();

        @Override
        public void accept(String line) {
            System.err.println(line);
            kept.append(kept.length() == 0 ? "" : "\n").append(line);
            System.setProperty(AgentStatus.PROBLEMS, kept.toString());
        }
    }
}
