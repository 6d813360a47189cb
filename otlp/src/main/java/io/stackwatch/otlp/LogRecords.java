package io.stackwatch.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Events as OTLP log records: one request per batch, under the agent's resource and the scope
 * {@code io.stackwatch}. A record's map carries {@code time.ms}, {@code severity} ({@code INFO},
 * {@code WARN}, {@code ERROR}), {@code body}, {@code event.name}; every other entry is an attribute.
 */
final class LogRecords {

    static final String SCOPE = "io.stackwatch";

    private final Resource resource;
    private final InstrumentationScope scope;

    LogRecords(ExportSettings settings) {
        Resource.Builder r = Resource.newBuilder();
        for (Map.Entry<String, String> e : settings.resource().entrySet()) {
            r.addAttributes(attribute(e.getKey(), e.getValue()));
        }
        resource = r.build();
        scope = InstrumentationScope.newBuilder().setName(SCOPE).setVersion(settings.scopeVersion()).build();
    }

    byte[] request(List<Map<String, Object>> records) {
        ScopeLogs.Builder scoped = ScopeLogs.newBuilder().setScope(scope);
        for (Map<String, Object> r : records) {
            scoped.addLogRecords(record(r));
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scoped))
                .build().toByteArray();
    }

    static LogRecord record(Map<String, Object> r) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(((Number) r.getOrDefault("time.ms", System.currentTimeMillis())).longValue());
        String severity = String.valueOf(r.getOrDefault("severity", "INFO"));
        LogRecord.Builder b = LogRecord.newBuilder().setTimeUnixNano(nanos)
                .setObservedTimeUnixNano(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()))
                .setSeverityText(severity).setSeverityNumber(severityNumber(severity));
        for (Map.Entry<String, Object> e : r.entrySet()) {
            switch (e.getKey()) {
                case "time.ms", "severity" -> { }
                case "body" -> b.setBody(value(e.getValue()));
                case "event.name" -> b.setEventName(String.valueOf(e.getValue()));
                default -> {
                    if (e.getValue() != null) {
                        b.addAttributes(KeyValue.newBuilder().setKey(e.getKey()).setValue(value(e.getValue())));
                    }
                }
            }
        }
        return b.build();
    }

    private static SeverityNumber severityNumber(String severity) {
        return switch (severity) {
            case "ERROR" -> SeverityNumber.SEVERITY_NUMBER_ERROR;
            case "WARN" -> SeverityNumber.SEVERITY_NUMBER_WARN;
            case "DEBUG" -> SeverityNumber.SEVERITY_NUMBER_DEBUG;
            default -> SeverityNumber.SEVERITY_NUMBER_INFO;
        };
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static AnyValue value(Object v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (v instanceof Boolean bool) {
            b.setBoolValue(bool);
        } else if (v instanceof Double || v instanceof Float) {
            b.setDoubleValue(((Number) v).doubleValue());
        } else if (v instanceof Number n) {
            b.setIntValue(n.longValue());
        } else if (v instanceof List<?> list) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            for (Object o : list) {
                a.addValues(value(o));
            }
            b.setArrayValue(a);
        } else {
            b.setStringValue(String.valueOf(v));
        }
        return b.build();
    }
}
