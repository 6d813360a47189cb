package io.stackwatch.agent.runtime;

import io.stackwatch.agent.gomodel.CollectorCycleListener;
import org.slf4j.Logger;

/** The garbage collector's notifications, which let the Go model shrink stacks when Go would. */
final class CollectorComponent implements Component {

    private final Logger log;
    private final CollectorCycleListener listener = new CollectorCycleListener();

    CollectorComponent(Logger log) {
        this.log = log;
    }

    @Override
    public String name() {
        return "garbage collector notifications";
    }

    @Override
    public void start() {
        try {
            if (listener.install() == 0) {
                log.info("no garbage collector notifications: the Go model's stacks never shrink");
            }
        } catch (Throwable t) {
            log.info("no garbage collector notifications ({}): the Go model's stacks never shrink", t.toString());
        }
    }

    @Override
    public void stop() {
        listener.uninstall();
    }
}
