package org.alertcorrelator.ruleset;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HelpersTest {
    @Test
    void durationsAsRuleAuthorsWriteThem() {
        assertEquals(Duration.ofHours(24), Durations.parse("24h"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertEquals(Duration.ofHours(24), Durations.parse("PT24H"));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("3 weeks"));
    }

    @Test
    void addresses() {
        assertTrue(Addresses.isLoopback("127.0.0.1"));
        assertTrue(Addresses.isLoopback("127.8.9.1"));
        assertTrue(Addresses.isLoopback("::1"));
        assertFalse(Addresses.isLoopback("128.0.0.1"));
        assertTrue(Addresses.isUnspecified("0.0.0.0"));
        assertTrue(Addresses.isUnspecified("::"));
        assertTrue(Addresses.isLinkLocal("169.254.1.1"));
        assertTrue(Addresses.isLinkLocal("fe80::1"));
        assertTrue(Addresses.isLinkLocal("febf::1"));
        assertFalse(Addresses.isLinkLocal("fec0::1"));
        assertFalse(Addresses.isLinkLocal("10.0.0.1"));
        assertTrue(Addresses.isPrivate("172.16.0.1"));
        assertFalse(Addresses.isPrivate("172.32.0.1"));
    }
}
