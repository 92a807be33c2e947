package org.alertcorrelator.ingest;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.alertcorrelator.model.Alert;

/**
 * Reads the JSON records that are not Defender for Cloud / Sentinel alert rows, told apart by their fields:
 * <ul>
 * <li>an API spec example ({@code {"parameters", "responses": {"200": {"body": ...}}}}): its body;</li>
 * <li>an Event Hubs / Azure Monitor envelope {@code {"records": [...]}}: each record, whatever its format;
 *     Activity Log records of other operations and Defender for Cloud export records that are no alerts
 *     (assessments, secure scores, regulatory compliance) are skipped and counted;</li>
 * <li>a Log Analytics query result {@code {"tables": [{"columns", "rows"}]}}: each row of a table with a
 *     SystemAlertId column is a SecurityAlert row, read as the SecurityAlert CSV is;</li>
 * <li>a Graph security incident (with {@code $expand=alerts}): never an alert itself; each of its alerts is,
 *     with the incident's id as vendor incident id;</li>
 * <li>a Graph security alert, a Defender for Endpoint alert, a Defender for Cloud Activity Log event.</li>
 * </ul>
 * One instance per read, beside its {@link JsonAlertSource}, which numbers the records.
 */
final class VendorRecords {
    private final JsonAlertSource source;
    private final RecordCollector out;
    private final VendorAlertMapper mapper;

    VendorRecords(JsonAlertSource source, RecordCollector out, VendorAlertMapper mapper) {
        this.source = source;
        this.out = out;
        this.mapper = mapper;
    }

    /** Reads one top-level record (or container of records) not yet numbered. */
    void read(JsonNode node, int line) throws IOException {
        JsonNode responses = node.get("responses");
        if (responses != null && responses.isObject()) {
            for (Map.Entry<String, JsonNode> e : responses.properties()) {
                JsonNode body = e.getValue().get("body");
                if (e.getKey().startsWith("2") && body != null && body.isObject()) {
                    source.readNested(body, line);
                    return;
                }
            }
            out.skip("not an alert: an API example without a response body");
            return;
        }
        JsonNode records = node.get("records");
        if (records != null && records.isArray()) {
            readRecords(records, line);
            return;
        }
        if (node.has("metaData") && node.path("entities").isArray()) {
            out.skip("not an alert: Sentinel incident entities");
            return;
        }
        JsonNode tables = node.get("tables");
        if (tables != null && tables.isArray()) {
            readTables(node, tables, line);
            return;
        }
        String odata = lower(VendorAlertMapper.text(node, "@odata.type"));
        if (odata.startsWith("#microsoft.graph.security.") && (odata.endsWith("evidence") || odata.endsWith(".useraccount"))) {
            // A Graph evidence item (or its user account) on its own, as the API reference shows them: part of an
            // alert, not one; counted as skipped rather than rejected as "id: missing".
            String type = VendorAlertMapper.text(node, "@odata.type");
            out.skip("not an alert: Graph " + type.substring(type.lastIndexOf('.') + 1) + " (an alert's evidence, not an alert)");
            return;
        }
        JsonNode alerts = node.get("alerts");
        if (odata.endsWith(".incident") || odata.isEmpty() && alerts != null && alerts.isArray()) {
            readGraphIncident(node, alerts, line);
            return;
        }
        if (node.has("machineId") || node.has("alertCreationTime") || node.has("firstEventTime")) {
            int n = source.nextIndex();
            emit(out.map(AlertFormat.DEFENDER_ENDPOINT, w -> mapper.mdeAlert(node, w), line, n), node, line, n);
            return;
        }
        if (node.has("eventName") && !node.has("firstActivityDateTime")) {
            readActivityLog(node, line);
            return;
        }
        int n = source.nextIndex();
        emit(out.map(AlertFormat.GRAPH_ALERT, w -> mapper.graphAlert(node, null, w), line, n), node, line, n);
    }

    private void readRecords(JsonNode records, int line) throws IOException {
        for (JsonNode r : records) {
            if (!r.isObject()) {
                out.error(line, source.nextIndex(), "records", "expected a JSON object, found " + VendorAlertMapper.kind(r));
                continue;
            }
            String operation = VendorAlertMapper.text(r, "operationName");
            String category = VendorAlertMapper.text(r, "category");
            if (operation != null && r.has("time") && !r.has("eventName")) {
                readResourceLog(r, operation, line);
            } else if (category != null && category.startsWith("AdvancedHunting-") && r.path("properties").isObject()) {
                // Defender XDR streaming: AlertInfo and AlertEvidence rows would have to be joined by AlertId.
                out.skip("not read: Defender XDR streaming record " + category);
            } else {
                source.readNested(r, line);
            }
        }
    }

    /** An Azure Monitor resource-log record: an alert when its operation is a Defender for Cloud alert's. */
    private void readResourceLog(JsonNode r, String operation, int line) {
        if (!isAlertOperation(operation)) {
            out.skip("not an alert: " + operation);
            return;
        }
        // The resource-log schema's names for the Activity Log's fields (properties.eventProperties <- properties).
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.set("correlationId", r.get("correlationId"));
        e.set("eventTimestamp", r.get("time"));
        e.set("resourceId", r.get("resourceId"));
        JsonNode props = r.path("properties");
        e.set("eventName", props.get("eventName"));
        e.set("description", props.get("description"));
        e.set("properties", props.has("eventProperties") ? props.get("eventProperties") : props);
        int n = source.nextIndex();
        emit(out.map(AlertFormat.ACTIVITY_LOG, w -> mapper.activityLogAlert(e, w), line, n), r, line, n);
    }

    private void readActivityLog(JsonNode e, int line) {
        JsonNode op = e.get("operationName");
        String operation = op == null ? null : op.isObject() ? VendorAlertMapper.text(op, "value") : VendorAlertMapper.text(e, "operationName");
        if (operation != null && !isAlertOperation(operation)) {
            out.skip("not an alert: " + operation);
            return;
        }
        int n = source.nextIndex();
        emit(out.map(AlertFormat.ACTIVITY_LOG, w -> mapper.activityLogAlert(e, w), line, n), e, line, n);
    }

    private static boolean isAlertOperation(String operation) {
        return lower(operation).startsWith("microsoft.security/locations/alerts/");
    }

    /** Graph incident: its alerts are read, the incident itself is counted as a vendor incident. */
    private void readGraphIncident(JsonNode incident, JsonNode alerts, int line) {
        if (!incident.has("id") && incident.has("incidentId") && !incident.has("@odata.type")) {
            // The legacy Microsoft 365 Defender /api/incidents: its alerts (alertId, firstActivity, ...) name no
            // tenant, which only the caller's token knows. Counted as not read rather than rejected as "id: missing".
            out.skip("vendor incident (not an alert): Microsoft 365 Defender incidents API");
            if (alerts != null && alerts.isArray()) {
                for (int i = 0; i < alerts.size(); i++) {
                    out.skip("not read: alert of a Microsoft 365 Defender incidents API incident (no tenant in the payload; read the Graph incidents API instead)");
                }
            }
            return;
        }
        out.skip("vendor incident (not an alert): Graph security incident");
        if (alerts == null || alerts.isNull()) return;
        String incidentId = VendorAlertMapper.text(incident, "id");
        if (!alerts.isArray()) {
            out.warning(line, 0, "alerts", "not a list (" + VendorAlertMapper.kind(alerts) + "); the incident's alerts are not read");
            return;
        }
        for (JsonNode a : alerts) {
            int n = source.nextIndex();
            if (!a.isObject()) {
                out.error(line, n, "alerts", "expected a JSON object, found " + VendorAlertMapper.kind(a));
                continue;
            }
            emit(out.map(AlertFormat.GRAPH_ALERT, w -> mapper.graphAlert(a, incidentId, w), line, n), a, line, n);
        }
    }

    /** Log Analytics: each row zipped with its table's column names is one SecurityAlert row. */
    private void readTables(JsonNode node, JsonNode tables, int line) {
        JsonNode error = node.get("error");
        if (error != null && error.isObject()) {
            String code = VendorAlertMapper.text(error, "code");
            out.warning(line, 0, "error", "the query reported " + (code == null ? "an error" : code) + "; its results may be incomplete");
        }
        for (JsonNode table : tables) {
            JsonNode columns = table.path("columns");
            JsonNode rows = table.path("rows");
            if (!columns.isArray() || !rows.isArray()) {
                out.error(line, source.nextIndex(), "tables", "a table needs \"columns\" and \"rows\" lists");
                continue;
            }
            AlertField[] fields = new AlertField[columns.size()];
            String[] names = new String[columns.size()];
            boolean hasId = false;
            for (int i = 0; i < fields.length; i++) {
                String name = VendorAlertMapper.text(columns.get(i), "name");
                names[i] = name;
                fields[i] = name == null ? null : AlertField.INDEX.lookup(name);
                hasId |= fields[i] == AlertField.SYSTEM_ALERT_ID;
            }
            if (!hasId) {
                String tableName = VendorAlertMapper.text(table, "name");
                for (int i = 0; i < rows.size(); i++) {
                    out.skip("not an alert: Log Analytics table " + (tableName == null ? "" : tableName + " ") + "without a SystemAlertId column");
                }
                continue;
            }
            RawAlert raw = new RawAlert();
            for (JsonNode row : rows) {
                int n = source.nextIndex();
                if (!row.isArray()) {
                    out.error(line, n, "rows", "expected a list of values, found " + VendorAlertMapper.kind(row));
                    continue;
                }
                raw.clear();
                raw.formatOverride = AlertFormat.LOG_ANALYTICS;
                int size = Math.min(row.size(), fields.length);
                for (int i = 0; i < size; i++) {
                    if (fields[i] == null || fields[i].ordinal() >= AlertField.IS_INCIDENT.ordinal() && fields[i] != AlertField.IS_INCIDENT) continue;
                    JsonNode v = row.get(i);
                    // dynamic columns come as JSON text, or (some clients) as JSON itself: the mapper reads both as text.
                    String text = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
                    raw.set(fields[i], names[i], text, false);
                }
                Alert alert = out.map(raw, line, n);
                emit(alert, row, line, n);
                if (alert == null && out.tookVendorIncident()) {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    for (int i = 0; i < size; i++) if (names[i] != null) o.set(names[i], row.get(i));
                    out.vendorIncident(o);
                }
            }
        }
    }

    private void emit(Alert alert, JsonNode original, int line, int n) {
        if (alert != null) out.add(alert, out.keepsOriginal() ? original.toString() : null, out.source + ":" + line + "#" + n);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
