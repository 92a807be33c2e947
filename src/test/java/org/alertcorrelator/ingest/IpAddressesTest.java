package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.1.2.3|10.1.2.3",
            " 10.1.2.3 |10.1.2.3",
            "010.001.002.003|10.1.2.3",
            "0.0.0.0|0.0.0.0",
            "255.255.255.255|255.255.255.255",
            "2001:0DB8:0000:0000:0000:0000:0000:0001|2001:db8::1",
            "2001:db8::1|2001:db8::1",
            "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
            "::|::",
            "::1|::1",
            "1::|1::",
            "fe80::1%eth0|fe80::1",
            "[2001:db8::1]|2001:db8::1",
            "::ffff:10.1.2.3|10.1.2.3",
            "::FFFF:0a01:0203|10.1.2.3",
            "0:0:0:0:0:ffff:192.168.1.1|192.168.1.1",
            "64:ff9b::192.0.2.33|64:ff9b::c000:221",
    })
    void canonicalText(String in, String expected) {
        assertEquals(expected, IpAddresses.canonical(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "evil.example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4:80",
            "10.0.0.0/8", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2", "1:2:", "12345::1", "g::1", "1.2.3.-4", "::ffff:1.2.3"})
    void notAnAddress(String in) {
        assertNull(IpAddresses.canonical(in));
    }
}
