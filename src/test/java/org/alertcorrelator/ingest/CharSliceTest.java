package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;

/** Values read as ranges of a reused char buffer (CharSlice, CharBuf) and what takes them without a copy. */
class CharSliceTest {
    private static CharSlice slice(String s) {
        char[] a = ("[[" + s + "]]").toCharArray();
        return new CharSlice(a, 2, s.length());
    }

    @Test
    void aSliceHashesAndComparesAsTheStringItHolds() {
        for (String s : new String[] {"", "a", "WEB01", "Ünïcode ☃", "/subscriptions/x/y"}) {
            assertEquals(s.hashCode(), slice(s).hashCode(), s);
            assertEquals(s, slice(s).toString());
            assertTrue(s.contentEquals(slice(s)));
        }
        assertEquals("bc", slice("abcd").subSequence(1, 3).toString());
        assertFalse("abc".contentEquals(slice("abd")));
    }

    @Test
    void trimAndCaseInsensitiveMatchAsStringDoes() {
        assertEquals("x y", CharSlice.trimmed(slice(" \tx y\r ")).toString());
        assertNull(CharSlice.trimmed(slice(" \t ")));
        assertTrue(CharSlice.equalsIgnoreCase(slice("TrUe"), "true"));
        assertFalse(CharSlice.equalsIgnoreCase(slice("truex"), "true"));
        assertTrue(CharSlice.regionMatchesIgnoreCase(slice("FusionINCIDENT"), 6, "incident", 0, 8));
        assertFalse(CharSlice.regionMatchesIgnoreCase(slice("ncident"), -1, "incident", 0, 8));
        assertTrue(CharSlice.regionMatchesIgnoreCase(slice("S-1-5"), 0, "s-1-", 0, 4));
    }

    @Test
    void theInternerHandsBackTheStringItHoldsForASlice() {
        Interner interner = new Interner(64);
        String held = interner.intern(new String("WKS-OPS-1"));
        assertSame(held, interner.intern(slice("WKS-OPS-1")));
        String fresh = interner.intern(slice("new-one"));
        assertEquals("new-one", fresh);
        assertSame(fresh, interner.intern("new-one"));
        String lower = interner.lowerCase(slice("WKS-OPS-1"));
        assertEquals("wks-ops-1", lower);
        assertSame(lower, interner.lowerCase(slice("WKS-OPS-1")));
        assertSame(lower, interner.lowerCase(new String("WKS-OPS-1")));
    }

    @Test
    void aCacheFindsItsStringKeysByText() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(4);
        for (int i = 0; i < 100; i++) cache.put("key" + i, i);
        assertEquals(99, cache.getText(slice("key99")));
        assertEquals(99, cache.get("key99"));
        assertNull(cache.getText(slice("key100")));
    }

    @Test
    void timestampsParseFromASlice() {
        assertEquals(Instant.parse("2019-01-15T09:15:03.333Z"), Timestamps.parse(slice(" 2019-01-15T09:15:03.333Z ")));
        assertEquals(Instant.parse("2019-01-15T21:15:03Z"), Timestamps.parse(slice("1/15/2019, 9:15:03 PM")));
        assertNull(Timestamps.parse(slice("/1/15/2019 9:15")));
    }

    @Test
    void aReusedLightJsonForgetsTheRecordBefore() throws IOException {
        JsonFactory f = new JsonFactory();
        LightJson json = new LightJson();
        read(json, f, "[{\"Type\":\"host\",\"HostName\":\"  A  \",\"Extra\":[1,\"two\",null]},{\"Type\":\"ip\",\"Address\":\"10.0.0.1\"}]");
        assertEquals(2, json.objects.size());
        assertEquals("A", json.objects.get(0).text(EntityField.HOST_NAME));
        read(json, f, "[{\"Type\":\"account\",\"Name\":\"bob\",\"HostName\":null}]");
        assertEquals(1, json.objects.size());
        LightJson.Obj o = json.objects.get(0);
        assertEquals("bob", o.text(EntityField.NAME));
        assertNull(o.text(EntityField.HOST_NAME));
        assertNull(o.get(EntityField.HOST_NAME));
        assertEquals("account", o.value(0));
        // A record far larger than what is kept between reads still reads whole, and the next one after it.
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) big.append(i > 0 ? "," : "").append("{\"Type\":\"host\",\"HostName\":\"h").append(i).append("\"}");
        read(json, f, big.append("]").toString());
        assertEquals(1000, json.objects.size());
        assertEquals("h999", json.objects.get(999).text(EntityField.HOST_NAME));
        read(json, f, "{\"Type\":\"host\",\"HostName\":\"" + "x".repeat(100_000) + "\"}");
        assertEquals(100_000, json.objects.get(0).text(EntityField.HOST_NAME).length());
        read(json, f, "[{\"Type\":\"host\",\"HostName\":\"last\"}]");
        assertEquals("last", json.objects.get(0).slice(EntityField.HOST_NAME).toString());
    }

    private static void read(LightJson json, JsonFactory f, String text) throws IOException {
        try (JsonParser p = f.createParser(text)) {
            p.nextToken();
            json.readFrom(p);
        }
    }
}
