package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.EntityType;

/** The real Sentinel SecurityAlert export (msticpy, MIT), copied into fixtures/real/msticpy: 189 alerts from 2019. */
class MsticpyAlertListTest {
    private static final Path ALERT_LIST = Path.of("fixtures/real/msticpy/alertlist.csv");

    @Test
    void readsEveryAlert() {
        assertTrue(Files.isRegularFile(ALERT_LIST), "expected the real export at " + ALERT_LIST.toAbsolutePath());
        ReadResult r = new AlertReader().read(ALERT_LIST, true);
        assertEquals(189, r.records().size());
        assertEquals(0, r.rejected());
        assertEquals(List.of(), r.warnings());
        assertEquals(Set.of(AlertFormat.SENTINEL_CSV), r.formats());
        assertEquals(189, Deduplicator.latestById(r.records()).size(), "189 distinct SystemAlertIds");

        Set<String> hostKeys = new HashSet<>();
        for (AlertRecord rec : r.records()) {
            Alert a = rec.alert();
            assertEquals("802d39e1-9d70-404d-832c-2de5e2478eda", a.getTenant());
            assertTrue(a.getStartTime() != null && a.getTimeGenerated() != null);
            for (Entity e : a.entitiesOfType(EntityType.HOST)) hostKeys.add(e.key());
        }
        assertTrue(hostKeys.contains("msticalertswin1"));
        assertTrue(hostKeys.stream().noneMatch(k -> !k.equals(k.toLowerCase())), hostKeys.toString());
        assertTrue(hostKeys.stream().noneMatch(k -> k.startsWith("msticalertswin1") && !k.equals("msticalertswin1")), hostKeys.toString());
    }

    @Test
    void theFirstRowAsExported() {
        AlertRecord first = new AlertReader().read(ALERT_LIST, false).records().get(0);
        Alert a = first.alert();
        assertEquals(ALERT_LIST + ":2", first.origin());
        assertEquals("047f47d6-79b7-4502-824b-97abc4905a73", a.getId());
        assertEquals("DC local group addition - Demo", a.getDisplayName());
        assertEquals("CustomAlertRule", a.getProduct(), "no ProductName column: ProviderName");
        assertEquals(List.of("ip:75.10.91.22", "host:dhcpcontoso77", "account:administrator", "account:admin", "account:user"),
                a.getEntities().stream().map(Entity::toString).toList());
        assertTrue(first.original().startsWith("{\"\":\"0\",\"TenantId\":\"802d39e1-9d70-404d-832c-2de5e2478eda\""), first.original());
    }

    @Test
    void msticalertswin1HostsAreOneEntity() {
        ReadResult r = new AlertReader().read(ALERT_LIST, false);
        long withHost = r.records().stream()
                .filter(x -> x.alert().getEntities().contains(new Entity(EntityType.HOST, "msticalertswin1")))
                .count();
        assertEquals(138, withHost, "all Detection alerts on the workstation (HostName MSTICALERTSWIN1 or msticalertswin1)");
    }
}
