package io.stackwatch.agent.livereport;

import io.stackwatch.agent.json.HostStrings;
import io.stackwatch.core.stack.RecursionCycle;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The report for people: a header, then one block per thread, riskiest first. */
final class ReportText {

    /** Origin frames shown per thread. */
    static final int ORIGIN_SHOWN = 6;
    /** Top frames shown for a thread without a cycle. */
    static final int TOP_SHOWN = 3;

    private ReportText() {
    }

    static String of(List<ThreadRow> rows, Instant at) {
        int tracked = 0;
        for (ThreadRow r : rows) {
            tracked += r.tracked ? 1 : 0;
        }
        StringBuilder sb = new StringBuilder(4096);
        sb.append("stackwatch report at ").append(at).append(": ").append(rows.size()).append(" threads, ")
                .append(tracked).append(" tracked; riskiest first\n");
        for (ThreadRow r : rows) {
            sb.append('\n');
            sb.append(String.format(Locale.ROOT, "%5.1f%%  \"%s\" (id %d%s%s, %s)", r.ratio() * 100, HostStrings.printable(r.name), r.id,
                    r.virtual ? ", virtual" : "", r.daemon ? ", daemon" : "", r.state));
            sb.append(": ").append(r.frames).append(r.framesComplete ? "" : "+").append(" real frames");
            if (r.tracked) {
                sb.append(", depth ").append(r.depth).append(" instrumented, ").append(r.bytes).append(" of ")
                        .append(r.capacity).append(" bytes ").append(r.bytesSource == ThreadRow.Bytes.MEASURED ? "measured" : "estimated")
                        .append("; Go model: stack ").append(r.goStackSize).append(" bytes after ").append(r.goGrowths)
                        .append(" growths, ").append(r.goCopiedBytes).append(" copied");
            } else {
                sb.append(", not tracked (~").append(r.bytes).append(" of ").append(r.capacity)
                        .append(" bytes assumed at ").append(ThreadRow.ASSUMED_FRAME_BYTES).append(" B/frame)");
            }
            sb.append('\n');
            RecursionCycle c = r.cycle();
            if (c.found()) {
                sb.append("        cycle: ").append(c.describe()).append('\n');
                List<String> origin = c.origin();
                sb.append("        origin: ");
                if (origin.isEmpty()) {
                    sb.append("(the cycle starts at the thread's first frame)");
                }
                for (int i = 0; i < Math.min(ORIGIN_SHOWN, origin.size()); i++) {
                    sb.append(i == 0 ? "" : " <- ").append(origin.get(i));
                }
                if (origin.size() > ORIGIN_SHOWN) {
                    sb.append(" <- ... ").append(origin.size() - ORIGIN_SHOWN).append(" more");
                }
                sb.append('\n');
            } else if (r.frames > 0) {
                sb.append("        at ").append(String.join(" <- ", r.top(TOP_SHOWN))).append('\n');
            }
        }
        return sb.toString();
    }

}
