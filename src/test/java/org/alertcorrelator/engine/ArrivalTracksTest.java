package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Arrival;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Severity;
import org.junit.jupiter.api.Test;

/**
 * The narrowed lists of an arrival's tracks that the infrastructure rules iterate ({@code from
 * $arrival.tracksOnAtLeastHosts( ... )}): each must hold exactly the tracks a constraint on every track would pass,
 * in the arrival's order, or the rules would rule out other entities, or the same ones in another order (which
 * decides incident ids). And the gates the rules put on the Arrival ({@code anyTrackOnAtLeastHosts( ... )}, so
 * that {@code from} runs only where it can match) must say whether the list is empty, exactly.
 */
class ArrivalTracksTest {
    private static final long HOUR = 3_600_000L;
    private static final long WINDOW = 24 * HOUR;
    private static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();

    private static Alert alert(String id, long at, String... entities) {
        Alert.Builder b = Alert.builder().id(id).tenant("t1").alertType("T").displayName("T").severity(Severity.LOW)
                .startTime(Instant.ofEpochMilli(at));
        for (String e : entities) {
            String[] p = e.split(":", 2);
            b.entity(p[0], p[1]);
        }
        return b.build();
    }

    /** A track of {@code entity} seen with one alert on each of the hosts, at the given hours after T0. */
    private static EntityTrack trackOnHosts(String entity, int[] hours, String... hosts) {
        String[] p = entity.split(":", 2);
        EntityTrack t = new EntityTrack("t1", new Entity(p[0], p[1], null), T0);
        for (int i = 0; i < hosts.length; i++) {
            Alert seen = alert(entity + i, T0 + hours[i] * HOUR, entity, "host:" + hosts[i]);
            t.saw(seen, seen.getHostKeys(), WINDOW);
        }
        return t;
    }

    @Test
    void onlyTracksOnEnoughHostsWithinTheWindowInTheArrivalsOrder() {
        EntityTrack spread = trackOnHosts("ip:10.0.0.1", new int[] {1, 2, 3}, "h1", "h2", "h3");
        EntityTrack lone = trackOnHosts("account:bob", new int[] {1}, "h1");
        EntityTrack alsoSpread = trackOnHosts("filehash:abc", new int[] {1, 2, 3}, "h5", "h6", "h7");
        Alert now = alert("now", T0 + 4 * HOUR, "ip:10.0.0.1", "account:bob", "filehash:abc", "host:h4");
        Arrival arrival = new Arrival(now, List.of(spread, lone, alsoSpread));

        assertEquals(4, spread.hostsSeenWithin(WINDOW, now)); // three seen and the alert's own
        assertEquals(2, lone.hostsSeenWithin(WINDOW, now));
        assertEquals(List.of(spread, alsoSpread), arrival.tracksOnAtLeastHosts(WINDOW, 4));
        assertEquals(List.of(), arrival.tracksOnAtLeastHosts(WINDOW, 5));
        assertEquals(List.of(spread, lone, alsoSpread), arrival.tracksOnAtLeastHosts(WINDOW, 2));
        assertEquals(List.of(spread, alsoSpread), arrival.tracksOnMoreHostsThan(WINDOW, 3));
        assertEquals(List.of(), arrival.tracksOnMoreHostsThan(WINDOW, 4));
        assertEquals(List.of(), arrival.tracksOnMoreHostsThan(WINDOW, Integer.MAX_VALUE));
        for (int hosts : new int[] {1, 2, 3, 4, 5, Integer.MAX_VALUE}) {
            assertEquals(!arrival.tracksOnAtLeastHosts(WINDOW, hosts).isEmpty(), arrival.anyTrackOnAtLeastHosts(WINDOW, hosts), "" + hosts);
            assertEquals(!arrival.tracksOnMoreHostsThan(WINDOW, hosts).isEmpty(), arrival.anyTrackOnMoreHostsThan(WINDOW, hosts), "" + hosts);
        }
    }

    @Test
    void hostsOutsideTheWindowAndRuledOutEntitiesDoNotCount() {
        EntityTrack early = trackOnHosts("ip:10.0.0.1", new int[] {1, 2, 30}, "h1", "h2", "h3");
        EntityTrack ruledOut = trackOnHosts("ip:10.0.0.2", new int[] {28, 29, 30}, "h1", "h2", "h3");
        ruledOut.ruleOut("a rule");
        Alert now = alert("now", T0 + 31 * HOUR, "ip:10.0.0.1", "ip:10.0.0.2", "host:h4");
        Arrival arrival = new Arrival(now, List.of(early, ruledOut));

        assertEquals(2, early.hostsSeenWithin(WINDOW, now)); // h1 and h2 were more than a window before
        assertEquals(1, ruledOut.hostsSeenWithin(WINDOW, now));
        assertEquals(List.of(early), arrival.tracksOnAtLeastHosts(WINDOW, 2));
    }

    @Test
    void tracksOfTheGivenTypesInTheArrivalsOrder() {
        EntityTrack ip = trackOnHosts("ip:10.0.0.1", new int[] {1}, "h1");
        EntityTrack account = trackOnHosts("account:bob", new int[] {1}, "h1");
        EntityTrack url = trackOnHosts("url:http://x.example/", new int[] {1}, "h1");
        Arrival arrival = new Arrival(alert("now", T0 + 2 * HOUR, "ip:10.0.0.1", "account:bob", "url:http://x.example/"),
                List.of(url, account, ip));

        assertEquals(List.of(url, ip), arrival.tracksOfTypes(Set.of("ip", "filehash", "url")));
        assertEquals(List.of(), arrival.tracksOfTypes(Set.of()));
        for (Set<String> types : List.<Set<String>>of(Set.of("ip", "filehash", "url"), Set.of(), Set.of("filehash"), Set.of("account"))) {
            assertEquals(!arrival.tracksOfTypes(types).isEmpty(), arrival.anyTrackOfTypes(types), types.toString());
        }
    }

    @Test
    void tracksAnEarlierAlertWasActiveWithWithinTheWindow() {
        EntityTrack recent = trackOnHosts("account:bob", new int[] {20}, "h1");
        EntityTrack old = trackOnHosts("account:eve", new int[] {1}, "h1");
        EntityTrack firstSighting = new EntityTrack("t1", new Entity("ip", "10.0.0.9"), T0 + 30 * HOUR);
        EntityTrack atTheEdge = trackOnHosts("account:joe", new int[] {6}, "h1");
        Alert now = alert("now", T0 + 30 * HOUR, "account:bob", "account:eve", "ip:10.0.0.9", "account:joe");
        Arrival arrival = new Arrival(now, List.of(atTheEdge, firstSighting, old, recent));

        assertEquals(List.of(atTheEdge, recent), arrival.tracksActiveWithin(WINDOW)); // 24 h after joe's alert: still within
        assertEquals(List.of(recent), arrival.tracksActiveWithin(WINDOW - 1));
        for (long w : new long[] {WINDOW, WINDOW - 1, 9 * HOUR, 10 * HOUR, 0}) {
            assertEquals(!arrival.tracksActiveWithin(w).isEmpty(), arrival.anyTrackActiveWithin(w), "" + w);
        }
    }

    /** The entity track counts an alert's hosts through hostCount and happenedOn: the same as its host keys. */
    @Test
    void hostCountAndHappenedOnAgreeWithTheHostKeys() {
        List<Alert> alerts = List.of(
                alert("hosts", T0, "host:h1", "host:h2", "azure-resource:/subscriptions/s/vm1", "ip:10.0.0.1"),
                alert("resources", T0, "azure-resource:/subscriptions/s/vm1", "azure-resource:/subscriptions/s/vm2", "ip:10.0.0.1"),
                Alert.builder().id("compromised").tenant("t1").alertType("T").displayName("T").severity(Severity.LOW)
                        .startTime(Instant.ofEpochMilli(T0)).compromisedEntity("  WKS-7 ").entity("ip", "10.0.0.1").build(),
                alert("none", T0, "ip:10.0.0.1"));
        for (Alert a : alerts) {
            assertEquals(a.getHostKeys().size(), a.hostCount(), a.getId());
            for (String key : List.of("h1", "h2", "h3", "/subscriptions/s/vm1", "/subscriptions/s/vm2", "wks-7", "WKS-7", "10.0.0.1", "")) {
                assertEquals(a.getHostKeys().contains(key), a.happenedOn(key), a.getId() + " " + key);
            }
        }
        assertEquals(List.of("wks-7"), alerts.get(2).getHostKeys());
    }
}
