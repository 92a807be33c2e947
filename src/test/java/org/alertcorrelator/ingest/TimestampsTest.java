package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2019-01-15T09:15:03.3338239Z|2019-01-15T09:15:03.333823900Z",
            "2019-01-15T09:15:03Z|2019-01-15T09:15:03Z",
            "2019-01-15T09:15:03.1Z|2019-01-15T09:15:03.100Z",
            "2019-01-15T09:15:03.123456789Z|2019-01-15T09:15:03.123456789Z",
            "2019-01-15T09:15:03,5Z|2019-01-15T09:15:03.500Z",
            "2019-01-15t09:15:03z|2019-01-15T09:15:03Z",
            "2019-01-15 09:15:03|2019-01-15T09:15:03Z",
            "2019-01-15T09:15:03.333|2019-01-15T09:15:03.333Z",
            "2019-01-15T09:15|2019-01-15T09:15:00Z",
            "2019-01-15T10:15:03+01:00|2019-01-15T09:15:03Z",
            "2019-01-15T04:15:03.25-0500|2019-01-15T09:15:03.250Z",
            "2019-01-15T11:15:03+02|2019-01-15T09:15:03Z",
            "2019-01-15T00:15:03+00:00|2019-01-15T00:15:03Z",
            "2020-02-29T23:59:59Z|2020-02-29T23:59:59Z",
            "  2019-01-15T09:15:03Z  |2019-01-15T09:15:03Z",
            "'1/15/2019, 9:15:03.333 AM'|2019-01-15T09:15:03.333Z",
            "1/15/2019 9:15:03 AM|2019-01-15T09:15:03Z",
            "1/15/2019 9:15:03 PM|2019-01-15T21:15:03Z",
            "1/15/2019 12:00:00 AM|2019-01-15T00:00:00Z",
            "1/15/2019 12:30:00 pm|2019-01-15T12:30:00Z",
            "01/05/2019 17:45|2019-01-05T17:45:00Z",
            "12/31/1999 23:59:59|1999-12-31T23:59:59Z",
    })
    void accepted(String text, String expected) {
        assertEquals(Instant.parse(expected), Timestamps.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2019-13-01T00:00:00Z", "2019-02-29T00:00:00Z", "2019-02-30T10:00:00Z",
            "2019-01-15T24:00:00Z", "2019-01-15T09:60:00Z", "2019-01-15T09:15:61Z", "2019-01-15T09:15:03.Z",
            "2019-01-15T09:15:03.1234567890Z", "2019-01-15T09:15:03Q", "2019-01-15T09:15:03+25:00", "2019-01-15",
            "2019-1-15T09:15:03Z", "1547543703", "13/15/2019 9:15:03 AM", "1/15/2019 13:15:03 PM", "1/15/2019 0:15:03 AM",
            "1/15/19 9:15:03 AM", "1/15/2019", "1/15/2019 9:15:03 XM"})
    void rejected(String text) {
        assertNull(Timestamps.parse(text));
    }
}
