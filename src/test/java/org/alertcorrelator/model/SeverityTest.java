package org.alertcorrelator.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SeverityTest {
    @Test
    void ordersInformationalLowMediumHigh() {
        assertTrue(Severity.HIGH.atLeast(Severity.MEDIUM));
        assertTrue(Severity.MEDIUM.atLeast(Severity.MEDIUM));
        assertFalse(Severity.LOW.atLeast(Severity.MEDIUM));
        assertTrue(Severity.INFORMATIONAL.isBelow(Severity.LOW));
        assertEquals(Severity.HIGH, Severity.max(Severity.LOW, Severity.HIGH));
    }

    @Test
    void parsesCommonSpellings() {
        assertEquals(Severity.INFORMATIONAL, Severity.parse("Informational"));
        assertEquals(Severity.HIGH, Severity.parse(" high "));
        assertEquals(Severity.MEDIUM, Severity.parse("MEDIUM"));
        assertNull(Severity.parse("Severe"));
    }
}
