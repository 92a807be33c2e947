package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The legacy Microsoft 365 Defender {@code /api/incidents} (Microsoft's example: xdr-list-incidents-response-elided.json)
 * names no tenant: its incidents and their alerts are counted as not read, never rejected as "id: missing".
 */
class LegacyDefenderIncidentsTest {

    @Test
    void legacyIncidentsAndTheirAlertsAreCountedNotRejected() {
        String page = "{\"@odata.context\":\"https://api.security.microsoft.com/api/$metadata#Incidents\",\"value\":["
                + "{\"incidentId\":924565,\"incidentName\":\"Ransomware activity\",\"status\":\"Active\",\"severity\":\"Medium\",\"alerts\":["
                + "{\"alertId\":\"caD70CFEE2-1F54-32DB-9988-3A868A1EBFAC\",\"incidentId\":924565,\"serviceSource\":\"MicrosoftCloudAppSecurity\","
                + "\"firstActivity\":\"2020-09-04T05:22:59Z\",\"title\":\"Ransomware activity\",\"severity\":\"Medium\"},"
                + "{\"alertId\":\"da637308392288907382_-880718168\",\"incidentId\":924565,\"firstActivity\":\"2020-09-04T05:22:59Z\"}]}]}";
        ReadResult r = new AlertReader().read("xdr.json", new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), false);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.records());
        assertEquals(Map.of("vendor incident (not an alert): Microsoft 365 Defender incidents API", 1,
                "not read: alert of a Microsoft 365 Defender incidents API incident (no tenant in the payload; read the Graph incidents API instead)", 2),
                r.skipped());
    }
}
