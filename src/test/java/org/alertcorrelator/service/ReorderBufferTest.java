package org.alertcorrelator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Severity;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    static Alert alert(String id, long t) {
        return Alert.builder().id(id).tenant("t").severity(Severity.LOW).startTime(Instant.ofEpochMilli(t)).build();
    }

    static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::getId).toList();
    }

    @Test
    void releasesInEventTimeThenIdOrder() {
        ReorderBuffer b = new ReorderBuffer();
        b.add(alert("c", 300));
        b.add(alert("b", 100));
        b.add(alert("a", 100));
        b.add(alert("d", 200));
        assertEquals(List.of("a", "b"), ids(b.releaseBefore(200)));
        assertEquals(2, b.size());
        assertEquals(List.of("d", "c"), ids(b.releaseAll()));
        assertTrue(b.isEmpty());
    }

    @Test
    void aLaterVersionReplacesTheHeldOneEvenWithAnotherTime() {
        ReorderBuffer b = new ReorderBuffer();
        b.add(alert("x", 500));
        b.add(alert("x", 100));
        assertEquals(1, b.size());
        assertEquals(List.of("x"), ids(b.releaseBefore(200)));
        assertTrue(b.isEmpty());
        b.add(alert("y", 1));
        b.remove("t", "y");
        assertTrue(b.isEmpty());
    }

    @Test
    void theSameIdInAnotherTenantIsAnotherAlert() {
        ReorderBuffer b = new ReorderBuffer();
        b.add(alert("x", 500));
        b.add(Alert.builder().id("x").tenant("u").severity(Severity.LOW).startTime(Instant.ofEpochMilli(600)).build());
        assertEquals(2, b.size());
        b.remove("u", "x");
        assertEquals(1, b.size());
        assertTrue(b.contains("t", "x"));
    }

    static Alert alertOf(String tenant, String id, long t) {
        return Alert.builder().id(id).tenant(tenant).severity(Severity.LOW).startTime(Instant.ofEpochMilli(t)).build();
    }

    @Test
    void twoTenantsMaySendOneIdAtOneTimeAndNeitherHidesTheOther() {
        // Before the key held the tenant, the second alert replaced the first in the ordered map: the first tenant's
        // alert was never correlated.
        ReorderBuffer b = new ReorderBuffer();
        b.add(alertOf("u", "x", 500));
        b.add(alertOf("t", "x", 500));
        assertEquals(2, b.size());
        List<Alert> out = b.releaseAll();
        assertEquals(List.of("t", "u"), out.stream().map(Alert::getTenant).toList());
    }
}
