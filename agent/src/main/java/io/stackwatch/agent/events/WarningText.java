package io.stackwatch.agent.events;

import io.stackwatch.agent.json.HostStrings;
import io.stackwatch.core.event.StackEvent;

import java.util.List;
import java.util.Locale;

/** The human text of an event for the agent's log: one headline, then the cycle and the origin. */
public final class WarningText {

    /** Origin frames shown in the log; the event log has them all. */
    static final int ORIGIN_SHOWN = 12;

    private WarningText() {
    }

    public static String of(EventView v) {
        StackEvent e = v.event();
        String thread = "thread \"" + HostStrings.printable(e.threadName) + "\" (id " + e.threadId + (e.virtual ? ", virtual" : "") + ")";
        StringBuilder sb = new StringBuilder(256);
        switch (e.type) {
            case WARN:
                sb.append(thread).append(" is at ").append(percent(e.ratio())).append(" of its stack");
                appendReason(sb, e);
                break;
            case INTERCEPT:
                sb.append("stopped ").append(e.method).append(" on ").append(thread)
                        .append(" with StackDepthExceededError");
                appendReason(sb, e);
                break;
            case OVERFLOW:
                sb.append("StackOverflowError on ").append(thread).append(" unwinding from depth ").append(e.depth);
                break;
            case SWALLOWED:
                if (e.depth > 0) {
                    sb.append("a StackOverflowError on ").append(thread).append(" was caught and swallowed in ")
                            .append(e.method).append(" (or code it called) at depth ").append(e.depth)
                            .append(": state it was changing may now be inconsistent");
                } else {
                    sb.append("a StackOverflowError on ").append(thread).append(" was caught and swallowed by a caller of ")
                            .append(e.method).append(", outside instrumented code: the thread went on");
                    return sb.toString();
                }
                break;
            case GO_OVERFLOW:
                // Not Go's own words ("fatal error: stack overflow"): this is information, and log-based
                // alerts match those words.
                sb.append("Go model: ").append(thread).append(" would need more than the ").append((long) e.limit)
                        .append("-byte limit, where a goroutine's stack would stop growing and Go would end the program");
                break;
            case TASK:
                sb.append("task ").append(e.method).append(" on ").append(thread).append(" reached ")
                        .append(percent(e.ratio())).append(" of its stack at its peak (its warnAt ")
                        .append(String.format(Locale.ROOT, "%.2f", e.limit)).append("): peak depth ").append(e.depth)
                        .append(" instrumented frames, ~").append(e.stackBytes).append(" of ").append(e.capacityBytes)
                        .append(" bytes; Go model: ").append(e.goGrowths).append(" growths during the task, stack ")
                        .append(e.goStackSize).append(" bytes");
                return sb.toString();
            case GROWTH:
                sb.append("Go model: ").append(thread).append(" stack grew to ").append(e.goStackSize)
                        .append(" bytes (growth ").append(e.goGrowths).append(", ").append(e.goCopiedBytes)
                        .append(" bytes copied so far)");
                return sb.toString();
            default:
                sb.append(e.type);
        }
        sb.append(": depth ").append(e.depth).append(" instrumented frames");
        if (v.frames() >= 0) {
            sb.append(" (").append(v.frames()).append(" real)");
        }
        sb.append(", ~").append(e.stackBytes).append(" of ").append(e.capacityBytes).append(" bytes used, ")
                .append(v.headroomBytes()).append(" left");
        if (v.predictedOverflowDepth() > 0) {
            sb.append(", predicted overflow at depth ~").append(v.predictedOverflowDepth());
        }
        sb.append("; Go model: stack ").append(e.goStackSize).append(" bytes after ").append(e.goGrowths)
                .append(" growths, ").append(e.goCopiedBytes).append(" bytes copied");
        if (e.method != null && e.type == io.stackwatch.core.event.EventType.WARN) {
            sb.append("; entering ").append(e.method);
        }
        if (v.learned() != null) {
            sb.append("; watched since ").append(v.learned().at()).append(", learned from ")
                    .append(v.learned().source() == LearnedCycles.Source.OVERFLOW ? "an overflow" : "a patrol round");
        }
        if (v.cycle().found()) {
            sb.append(System.lineSeparator()).append("    cycle: ").append(v.cycle().describe());
            List<String> origin = v.cycle().origin();
            sb.append(System.lineSeparator()).append("    origin: ");
            if (origin.isEmpty()) {
                sb.append("(the cycle starts at the thread's first frame)");
            }
            for (int i = 0; i < Math.min(origin.size(), ORIGIN_SHOWN); i++) {
                sb.append(i == 0 ? "" : " <- ").append(origin.get(i));
            }
            if (origin.size() > ORIGIN_SHOWN) {
                sb.append(" <- ... ").append(origin.size() - ORIGIN_SHOWN).append(" more");
            }
        }
        return sb.toString();
    }

    private static void appendReason(StringBuilder sb, StackEvent e) {
        if (e.reason == null) {
            return;
        }
        switch (e.reason) {
            case MAX_DEPTH:
                sb.append(" (depth over maxDepth ").append((long) e.limit).append(')');
                break;
            case LIMIT:
                sb.append(" (").append(e.method).append(" over its limit ").append((long) e.limit).append(')');
                break;
            default:
                sb.append(" (").append(e.reason.jsonName()).append(' ').append(String.format(Locale.ROOT, "%.2f", e.limit))
                        .append(')');
        }
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }
}
