package io.stackwatch.agent.config;

import io.stackwatch.agent.logging.LogSettings;
import io.stackwatch.agent.logging.LogTarget;
import io.stackwatch.agent.otlp.OtlpSettings;
import io.stackwatch.core.gomodel.GoStackParameters;
import io.stackwatch.core.tracking.Policy;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The kinds of value the key table reads. Each is a class, not a lambda (premain's path). */
final class Parsers {

    private Parsers() {
    }

    /** Any text: the value as given. */
    static final Parser<String> TEXT = new Parser<String>() {
        @Override
        String parse(String text, Setting setting) {
            return text;
        }
    };

    /** Above 0 and at most 1 ({@code NaN} and {@code Infinity} are not fractions). */
    static final Parser<Double> FRACTION = new Parser<Double>() {
        @Override
        Double parse(String text, Setting setting) {
            try {
                double d = Double.parseDouble(text);
                return d > 0 && d <= 1 && !text.toLowerCase(Locale.ROOT).contains("n") ? d : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    };

    /** A whole number from {@code min} up to, not including, {@code below}. */
    static Parser<Integer> wholeNumber(long min, long below) {
        return new Parser<Integer>() {
            @Override
            Integer parse(String text, Setting setting) {
                long n = wholeNumber(text);
                return n >= min && n < below ? (int) n : null;
            }
        };
    }

    /** A size as {@code -Xss} takes it ({@link ByteSize}), from {@code min} to {@code max} bytes. */
    static Parser<Long> size(long min, long max) {
        return new Parser<Long>() {
            @Override
            Long parse(String text, Setting setting) {
                long n = ByteSize.parse(text);
                return n >= min && n <= max ? n : null;
            }
        };
    }

    /** An interval in milliseconds ({@link Durations}) of at least {@code minMillis}; with {@code off}, 'off' is 0. */
    static Parser<Long> interval(long minMillis, boolean off) {
        return new Parser<Long>() {
            @Override
            Long parse(String text, Setting setting) {
                if (off && text.equalsIgnoreCase("off")) {
                    return 0L;
                }
                long ms = Durations.parseMillis(text);
                return ms >= minMillis ? ms : null;
            }
        };
    }

    /** 'on' or 'true', 'off' or 'false'. */
    static final Parser<Boolean> ON_OFF = new Parser<Boolean>() {
        @Override
        Boolean parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("on") || text.equalsIgnoreCase("true")) {
                return true;
            }
            return text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false") ? false : null;
        }
    };

    static final Parser<AgentConfig.Action> ACTION = new Parser<AgentConfig.Action>() {
        @Override
        AgentConfig.Action parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("warn")) {
                return AgentConfig.Action.WARN;
            }
            return text.equalsIgnoreCase("throw") ? AgentConfig.Action.THROW : null;
        }
    };

    /** reportPages: 'on' or 'true', 'off' or 'false' (the default, on for a loopback bind only, has no word). */
    static final Parser<AgentConfig.ReportPages> REPORT_PAGES = new Parser<AgentConfig.ReportPages>() {
        @Override
        AgentConfig.ReportPages parse(String text, Setting setting) {
            Boolean on = ON_OFF.parse(text, setting);
            return on == null ? null : on ? AgentConfig.ReportPages.ON : AgentConfig.ReportPages.OFF;
        }
    };

    /** logLevel: a level name the agent's Logback takes, upper case. */
    static final Parser<String> LOG_LEVEL = new Parser<String>() {
        @Override
        String parse(String text, Setting setting) {
            return LogSettings.isLevel(text) ? text.toUpperCase(Locale.ROOT) : null;
        }
    };

    /** log: 'stderr', 'none' or 'file:PATH' (made absolute: the log is written from another directory's point of view too). */
    static final Parser<LogTarget> LOG_TARGET = new Parser<LogTarget>() {
        @Override
        LogTarget parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("stderr")) {
                return LogTarget.STDERR;
            }
            if (text.equalsIgnoreCase("none")) {
                return LogTarget.NONE;
            }
            if (text.startsWith("file:") && text.length() > "file:".length()) {
                try {
                    return LogTarget.file(Paths.get(text.substring("file:".length())).toAbsolutePath());
                } catch (InvalidPathException e) {
                    return null;
                }
            }
            return null;
        }
    };

    static final Parser<LogSettings.Format> LOG_FORMAT = new Parser<LogSettings.Format>() {
        @Override
        LogSettings.Format parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("text")) {
                return LogSettings.Format.TEXT;
            }
            return text.equalsIgnoreCase("json") ? LogSettings.Format.JSON : null;
        }
    };

    /**
     * otlp: a URL, 'on' (the OpenTelemetry environment says where) or 'off' (empty); what the
     * environment holds that cannot be used is one line each.
     */
    static final Parser<Optional<OtlpSettings>> OTLP = new Parser<Optional<OtlpSettings>>() {
        @Override
        Optional<OtlpSettings> parse(String text, Setting setting) {
            if (!OtlpSettings.accepts(text)) {
                return null;
            }
            return Optional.ofNullable(OtlpSettings.parse(text, setting.environment(), new ProblemLines(setting)));
        }
    };

    /** A setting's problems as a consumer (a class: no call site to link). */
    private static final class ProblemLines implements java.util.function.Consumer<String> {
        private final Setting setting;

        ProblemLines(Setting setting) {
            this.setting = setting;
        }

        @Override
        public void accept(String message) {
            setting.problem(message);
        }
    }

    /** threadRateAction: true for 'reject', false for 'warn'. */
    static final Parser<Boolean> REJECT = new Parser<Boolean>() {
        @Override
        Boolean parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("reject")) {
                return true;
            }
            return text.equalsIgnoreCase("warn") ? false : null;
        }
    };

    /** trace: 'growth' and 'none' separated by ';'. */
    static final Parser<Boolean> TRACE = new Parser<Boolean>() {
        @Override
        Boolean parse(String text, Setting setting) {
            boolean growth = false;
            for (String t : text.split(";")) {
                String s = t.trim().toLowerCase(Locale.ROOT);
                if (s.equals("growth")) {
                    growth = true;
                } else if (!s.equals("none") && !s.isEmpty()) {
                    return null;
                }
            }
            return growth;
        }
    };

    static final Parser<Path> PATH = new Parser<Path>() {
        @Override
        Path parse(String text, Setting setting) {
            try {
                return text.isEmpty() ? null : Paths.get(text);
            } catch (InvalidPathException e) {
                return null;
            }
        }
    };

    static final Parser<ListenAddress> LISTEN_ADDRESS = new Parser<ListenAddress>() {
        @Override
        ListenAddress parse(String text, Setting setting) {
            return ListenAddress.parse(text);
        }
    };

    /**
     * Class patterns separated by ';': each unusable one is a line of its own and the others stay. An
     * include with no usable pattern instruments nothing rather than everything: the user meant to
     * narrow, not to widen.
     */
    static final Parser<List<ClassPattern>> PATTERNS = new Parser<List<ClassPattern>>() {
        @Override
        List<ClassPattern> parse(String text, Setting setting) {
            List<ClassPattern> out = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            for (String part : text.split(";")) {
                if (part.isBlank()) {
                    continue;
                }
                ClassPattern p = ClassPattern.parse(part);
                if (p == null) {
                    rejected.add(part.trim());
                } else {
                    out.add(p);
                }
            }
            if (setting.key() == ConfigKey.INCLUDE && out.isEmpty() && !rejected.isEmpty()) {
                setting.refuse("expected " + setting.key().accepted() + "; with no usable pattern nothing is instrumented");
                out.add(ClassPattern.parse("io.stackwatch.nothing.Nothing"));
                return Collections.unmodifiableList(out);
            }
            for (String part : rejected) {
                setting.problem("ignoring " + setting.key().key() + " pattern \"" + part + "\" from " + setting.source()
                        + ": expected " + setting.key().accepted());
            }
            return Collections.unmodifiableList(out);
        }
    };

    /** limits: {@code pkg.Class#method=N} entries separated by ';'; each unusable one is a line of its own. */
    static final Parser<Map<String, Integer>> LIMITS = new Parser<Map<String, Integer>>() {
        @Override
        Map<String, Integer> parse(String text, Setting setting) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String entry : text.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                String e = entry.trim();
                int hash = e.indexOf('#');
                int eq = e.lastIndexOf('=');
                long n = eq > 0 ? wholeNumber(e.substring(eq + 1).trim()) : -1;
                String cls = hash > 0 ? e.substring(0, hash).trim() : "";
                String method = hash > 0 && eq > hash ? e.substring(hash + 1, eq).trim() : "";
                if (n < 1 || n >= Policy.NO_LIMIT || cls.isEmpty() || method.isEmpty()
                        || !cls.matches("[\\p{javaJavaIdentifierPart}.&&[^\\p{Cntrl}]]+")
                        || !method.matches("[\\p{javaJavaIdentifierPart}<>&&[^\\p{Cntrl}]]+")) {
                    setting.problem("ignoring limits entry \"" + e + "\" from " + setting.source() + ": expected "
                            + setting.key().accepted() + " with N at least 1");
                    continue;
                }
                out.put(cls + "#" + method, (int) n);
            }
            return Collections.unmodifiableMap(out);
        }
    };

    /** select: recursive, all, or scan:<file> (read now; a report that cannot be used is one line, and recursive). */
    static final Parser<Selection> SELECT = new Parser<Selection>() {
        @Override
        Selection parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("recursive")) {
                return Selection.RECURSIVE;
            }
            if (text.equalsIgnoreCase("all")) {
                return Selection.ALL;
            }
            if (!text.regionMatches(true, 0, "scan:", 0, 5)) {
                return null;
            }
            String file = text.substring(5).trim();
            String why;
            try {
                if (file.isEmpty()) {
                    why = "no file named";
                } else {
                    return new Selection(AgentConfig.Select.SCAN, file, setting.reports().read(Paths.get(file)));
                }
            } catch (IOException | InvalidPathException e) {
                why = "cannot read " + file + " (" + describe(e) + ")";
            } catch (IllegalArgumentException e) {
                why = file + " is not a usable scan report (" + e.getMessage() + ")";
            }
            setting.refuse(why + "; expected " + setting.key().accepted() + "; using recursive");
            return Selection.RECURSIVE;
        }
    };

    static final Parser<GoStackParameters> GO_PRESET = new Parser<GoStackParameters>() {
        @Override
        GoStackParameters parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("go")) {
                return GoStackParameters.GO;
            }
            return text.equalsIgnoreCase("article") ? GoStackParameters.ARTICLE : null;
        }
    };

    /** go.initial: a power of two from 512 bytes to 1 GiB. */
    static final Parser<Long> GO_INITIAL = new Parser<Long>() {
        @Override
        Long parse(String text, Setting setting) {
            long n = ByteSize.parse(text);
            return n >= 512 && Long.bitCount(n) == 1 && n <= 1L << 30 ? n : null;
        }
    };

    /** go.guard: below the start size it is given with. */
    static final Parser<Long> GO_GUARD = new Parser<Long>() {
        @Override
        Long parse(String text, Setting setting) {
            long n = ByteSize.parse(text);
            return n >= 0 && n < setting.get(ConfigKey.GO_INITIAL) ? n : null;
        }
    };

    /** go.max: 'capacity' (0: the thread's), or a size of at least the start size (checked once that is settled). */
    static final Parser<Long> GO_MAX = new Parser<Long>() {
        @Override
        Long parse(String text, Setting setting) {
            if (text.equalsIgnoreCase("capacity")) {
                return 0L;
            }
            long n = ByteSize.parse(text);
            return n > 0 ? n : null;
        }
    };

    /** Digits only, at most ten of them; -1 otherwise. */
    static long wholeNumber(String v) {
        if (v.isEmpty() || v.length() > 10) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(v);
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
