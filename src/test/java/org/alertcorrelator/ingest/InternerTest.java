package org.alertcorrelator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import org.alertcorrelator.model.Entity;

class InternerTest {

    @Test
    void equalTextsShareOneInstance() {
        Interner interner = new Interner(64);
        String a = interner.intern(new String("web01"));
        assertSame(a, interner.intern(new String("web01")));
        assertSame(a, interner.lowerCase(new String("WEB01")));
        assertEquals("S-1-5-18", interner.upperCase("s-1-5-18"));
        Entity e = interner.entity("host", a);
        assertSame(e, interner.entity("host", a));
    }

    @Test
    void boundedAndStillCorrectWhenFull() {
        Interner interner = new Interner(16);
        for (int i = 0; i < 10_000; i++) {
            String s = "host" + i;
            assertEquals(s, interner.intern(new String(s)));
            assertEquals(s, interner.lowerCase("HOST" + i));
        }
    }
}
