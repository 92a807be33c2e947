package org.alertcorrelator.generate;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.alertcorrelator.generate.AlertSpec.Ent;

/**
 * Writes generated alerts in the formats the readers take, by hand (this runs a million times; no reflection,
 * no formatter): Defender for Cloud continuous export (JSON lines), Defender REST alerts (one JSON array of ARM
 * resources), Sentinel SecurityAlert rows as CSV and as JSON lines.
 */
final class Formats {

    /**
     * Formats records; one instance per thread (it keeps scratch buffers). {@link #head()} and {@link #tail()} are
     * what comes before the first record and after the last.
     */
    abstract static class RecordFormat {
        final Times times = new Times();

        String head() {
            return "";
        }

        /** Appends the record; {@code first}: it is the first record of the file. */
        abstract void format(AlertSpec a, StringBuilder b, boolean first);

        String tail() {
            return "";
        }
    }

    static RecordFormat format(OutputFormat f) {
        return switch (f) {
            case EXPORT -> new ExportFormat();
            case REST_JSON -> new RestFormat();
            case SENTINEL_CSV -> new SentinelCsvFormat();
            case SENTINEL_JSONL -> new SentinelJsonFormat();
        };
    }

    private Formats() {
    }

    // ---- Defender continuous export: flat PascalCase, entities as JSON, one record per line ----

    static final class ExportFormat extends RecordFormat {
        @Override
        void format(AlertSpec a, StringBuilder b, boolean first) {
            b.append('{');
            field(b, "VendorName", "Microsoft", true);
            field(b, "AlertDisplayName", a.displayName, false);
            b.append(",\"IsIncident\":false");
            time(b, "EndTimeUtc", a.endNanos);
            field(b, "Severity", a.severity.label(), false);
            time(b, "StartTimeUtc", a.startNanos);
            time(b, "TimeGenerated", a.generatedNanos);
            field(b, "SystemAlertId", a.id, false);
            field(b, "ProductName", Alerts.PRODUCT, false);
            field(b, "AlertType", a.alertType, false);
            if (a.writeTactics) field(b, "Intent", String.join(",", a.tactics), false);
            b.append(",\"ResourceIdentifiers\":[");
            int n = 1;
            if (a.resourceId != null) {
                b.append("{\"$id\":\"").append(n++).append("\",\"AzureResourceId\":");
                Json.string(b, a.resourceId);
                b.append(",\"Type\":\"AzureResource\",\"AzureResourceTenantId\":\"").append(a.tenantId).append("\"},");
            }
            b.append("{\"$id\":\"").append(n).append("\",\"AadTenantId\":\"").append(a.tenantId).append("\",\"Type\":\"AAD\"}]");
            field(b, "CompromisedEntity", a.compromisedEntity, false);
            field(b, "Description", a.description, false);
            b.append(",\"ExtendedProperties\":");
            Json.object(b, a.extendedProperties);
            b.append(",\"Entities\":");
            Json.entities(b, a.entities, false);
            b.append(",\"RemediationSteps\":[");
            Json.string(b, a.remediation);
            b.append(']');
            field(b, "Status", a.status, false);
            if (a.resourceId != null) field(b, "AzureResourceId", a.resourceId, false);
            field(b, "AlertUri", alertUri(a), false);
            b.append("}\n");
        }

        private void time(StringBuilder b, String name, long nanos) {
            b.append(",\"").append(name).append("\":\"");
            times.append(b, nanos);
            b.append('"');
        }
    }

    static String alertUri(AlertSpec a) {
        return "https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/" + a.id
                + "/subscriptionId/" + a.subscriptionId + "/resourceGroup/" + a.resourceGroup
                + "/referencedFrom/alertDeepLink/location/" + a.location;
    }

    // ---- Defender REST: one JSON array of ARM resources, camelCase properties ----

    static final class RestFormat extends RecordFormat {
        @Override
        String head() {
            return "[\n";
        }

        @Override
        void format(AlertSpec a, StringBuilder b, boolean first) {
            if (!first) b.append(",\n");
            String rg = a.resourceGroup == null || a.resourceGroup.isEmpty() ? "Default-SecurityCenter" : a.resourceGroup;
            b.append("{\"id\":\"/subscriptions/").append(a.subscriptionId).append("/resourceGroups/").append(rg)
                    .append("/providers/Microsoft.Security/locations/").append(a.location).append("/alerts/").append(a.id)
                    .append("\",\"name\":\"").append(a.id).append("\",\"type\":\"Microsoft.Security/Locations/alerts\",\"properties\":{");
            field(b, "status", a.status, true);
            b.append(",\"timeGeneratedUtc\":\"");
            times.append(b, a.generatedNanos);
            b.append("\",\"processingEndTimeUtc\":\"");
            times.append(b, a.generatedNanos + 2_000_000_000L);
            b.append("\",\"version\":\"2022-01-01.0\"");
            field(b, "vendorName", "Microsoft", false);
            field(b, "productName", Alerts.PRODUCT, false);
            field(b, "alertType", a.alertType, false);
            b.append(",\"startTimeUtc\":\"");
            times.append(b, a.startNanos);
            b.append("\",\"endTimeUtc\":\"");
            times.append(b, a.endNanos);
            b.append('"');
            field(b, "severity", a.severity.label(), false);
            b.append(",\"isIncident\":false");
            field(b, "systemAlertId", a.id, false);
            if (a.writeTactics) field(b, "intent", String.join(",", a.tactics), false);
            b.append(",\"resourceIdentifiers\":[");
            if (a.resourceId != null) {
                b.append("{\"type\":\"AzureResource\",\"azureResourceId\":");
                Json.string(b, a.resourceId);
                b.append("},");
            }
            b.append("{\"type\":\"AAD\",\"aadTenantId\":\"").append(a.tenantId).append("\"}]");
            field(b, "compromisedEntity", a.compromisedEntity, false);
            field(b, "alertDisplayName", a.displayName, false);
            field(b, "description", a.description, false);
            b.append(",\"remediationSteps\":[");
            Json.string(b, a.remediation);
            b.append("],\"extendedProperties\":");
            Json.object(b, a.extendedProperties);
            b.append(",\"entities\":");
            Json.entities(b, a.entities, true);
            field(b, "alertUri", alertUri(a), false);
            b.append("}}");
        }

        @Override
        String tail() {
            return "\n]\n";
        }
    }

    // ---- Sentinel SecurityAlert rows: entities and extended properties held in strings ----

    static final List<String> SENTINEL_COLUMNS = List.of("TenantId", "TimeGenerated", "DisplayName", "AlertName",
            "AlertSeverity", "Description", "ProviderName", "VendorName", "VendorOriginalId", "SystemAlertId", "ResourceId",
            "SourceComputerId", "AlertType", "ConfidenceLevel", "ConfidenceScore", "IsIncident", "StartTime", "EndTime",
            "ProcessingEndTime", "RemediationSteps", "ExtendedProperties", "Entities", "SourceSystem",
            "WorkspaceSubscriptionId", "WorkspaceResourceGroup", "ExtendedLinks", "ProductName", "ProductComponentName",
            "AlertLink", "Status", "CompromisedEntity", "Tactics", "Techniques", "SubTechniques", "Type");

    /** The row's values in {@link #SENTINEL_COLUMNS} order (null: empty). */
    static void sentinelValues(AlertSpec a, Times times, String[] v, StringBuilder scratch) {
        int i = 0;
        v[i++] = a.tenantId;
        v[i++] = times.format(a.generatedNanos);
        v[i++] = a.displayName;
        v[i++] = a.displayName;
        v[i++] = a.severity.label();
        v[i++] = a.description;
        v[i++] = "Azure Security Center";
        v[i++] = "Microsoft";
        v[i++] = a.id.substring(a.id.indexOf('_') + 1);
        v[i++] = a.id;
        v[i++] = a.resourceId;
        v[i++] = null;
        v[i++] = a.alertType;
        v[i++] = null;
        v[i++] = null;
        v[i++] = "false";
        v[i++] = times.format(a.startNanos);
        v[i++] = times.format(a.endNanos);
        v[i++] = times.format(a.generatedNanos + 2_000_000_000L);
        scratch.setLength(0);
        scratch.append('[');
        Json.string(scratch, a.remediation);
        scratch.append(']');
        v[i++] = scratch.toString();
        scratch.setLength(0);
        Json.object(scratch, a.extendedProperties);
        v[i++] = scratch.toString();
        scratch.setLength(0);
        Json.entities(scratch, a.entities, false);
        v[i++] = scratch.toString();
        v[i++] = "Detection";
        v[i++] = a.subscriptionId;
        v[i++] = a.resourceGroup;
        v[i++] = null;
        v[i++] = "Azure Security Center";
        v[i++] = null;
        v[i++] = alertUri(a);
        v[i++] = a.status.equals("Active") ? "New" : a.status;
        v[i++] = a.compromisedEntity;
        v[i++] = a.writeTactics ? String.join(", ", a.tactics) : null;
        v[i++] = "[]";
        v[i++] = null;
        v[i] = "SecurityAlert";
    }

    static final class SentinelCsvFormat extends RecordFormat {
        private final String[] values = new String[SENTINEL_COLUMNS.size()];
        private final StringBuilder scratch = new StringBuilder(2048);

        @Override
        String head() {
            return String.join(",", SENTINEL_COLUMNS) + "\r\n";
        }

        @Override
        void format(AlertSpec a, StringBuilder b, boolean first) {
            sentinelValues(a, times, values, scratch);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) b.append(',');
                String v = values[i];
                if (v == null || v.isEmpty()) continue;
                if (needsQuotes(v)) {
                    b.append('"');
                    for (int k = 0; k < v.length(); k++) {
                        char c = v.charAt(k);
                        if (c == '"') b.append('"');
                        b.append(c);
                    }
                    b.append('"');
                } else {
                    b.append(v);
                }
            }
            b.append("\r\n");
        }

        private static boolean needsQuotes(String v) {
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
            }
            return false;
        }
    }

    static final class SentinelJsonFormat extends RecordFormat {
        private final String[] values = new String[SENTINEL_COLUMNS.size()];
        private final StringBuilder scratch = new StringBuilder(2048);

        @Override
        void format(AlertSpec a, StringBuilder b, boolean first) {
            sentinelValues(a, times, values, scratch);
            b.append('{');
            for (int i = 0; i < values.length; i++) {
                String v = values[i];
                if (i > 0) b.append(',');
                b.append('"').append(SENTINEL_COLUMNS.get(i)).append("\":");
                if (v == null) b.append("\"\"");
                else Json.string(b, v);
            }
            b.append("}\n");
        }
    }

    // ---- helpers ----

    static void field(StringBuilder b, String name, String value, boolean first) {
        if (value == null) return;
        if (!first) b.append(',');
        b.append('"').append(name).append("\":");
        Json.string(b, value);
    }

    /** ISO-8601 with seven fractional digits and Z, as Defender writes times. */
    static final class Times {
        private long day = Long.MIN_VALUE;
        private String dayText;

        void append(StringBuilder b, long epochNanos) {
            long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
            long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
            long d = Math.floorDiv(secs, 86_400L);
            if (d != day) {
                day = d;
                dayText = LocalDate.ofEpochDay(d).toString() + "T";
            }
            int s = (int) Math.floorMod(secs, 86_400L);
            b.append(dayText);
            two(b, s / 3600);
            b.append(':');
            two(b, s / 60 % 60);
            b.append(':');
            two(b, s % 60);
            b.append('.');
            long frac = nanos / 100; // 7 digits
            for (long div = 1_000_000; div > 0; div /= 10) b.append((char) ('0' + frac / div % 10));
            b.append('Z');
        }

        String format(long epochNanos) {
            StringBuilder b = new StringBuilder(28);
            append(b, epochNanos);
            return b.toString();
        }

        private static void two(StringBuilder b, int n) {
            b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
        }
    }

    static final class Json {
        private Json() {
        }

        static void string(StringBuilder b, String s) {
            b.append('"');
            int from = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') continue;
                b.append(s, from, i);
                from = i + 1;
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            }
            b.append(s, from, s.length());
            b.append('"');
        }

        static void object(StringBuilder b, List<String> pairs) {
            b.append('{');
            for (int i = 0; i < pairs.size(); i += 2) {
                if (i > 0) b.append(',');
                string(b, pairs.get(i));
                b.append(':');
                string(b, pairs.get(i + 1));
            }
            b.append('}');
        }

        /**
         * The entity list as Json.NET writes it: each entity with its {@code $id}, references to entities written
         * before as {@code {"$ref": "N"}}. {@code camel}: REST spelling of the field names.
         */
        static void entities(StringBuilder b, List<Ent> entities, boolean camel) {
            b.append('[');
            for (int i = 0; i < entities.size(); i++) {
                Ent e = entities.get(i);
                if (i > 0) b.append(',');
                b.append("{\"$id\":\"").append(i + 1).append('"');
                for (int f = 0; f < e.fields.size(); f += 2) {
                    String name = (String) e.fields.get(f);
                    Object value = e.fields.get(f + 1);
                    b.append(",\"").append(camel ? camel(name) : name).append("\":");
                    value(b, value, entities);
                }
                b.append(",\"").append(camel ? "type" : "Type").append("\":\"").append(e.type).append("\"}");
            }
            b.append(']');
        }

        private static void value(StringBuilder b, Object value, List<Ent> entities) {
            if (value instanceof String s) {
                string(b, s);
            } else if (value instanceof Boolean bool) {
                b.append(bool);
            } else if (value instanceof Ent ref) {
                b.append("{\"$ref\":\"").append(entities.indexOf(ref) + 1).append("\"}");
            } else if (value instanceof List<?> list) {
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) b.append(',');
                    value(b, list.get(i), entities);
                }
                b.append(']');
            } else {
                throw new IllegalArgumentException("entity field value " + value);
            }
        }

        static String camel(String pascal) {
            return switch (pascal) {
                case "NTDomain" -> "ntDomain";
                case "UPNSuffix" -> "upnSuffix";
                case "OSFamily" -> "osFamily";
                case "AzureID" -> "azureID";
                default -> Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
            };
        }
    }
}
