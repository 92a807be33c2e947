package org.alertcorrelator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.alertcorrelator.model.Entity;
import org.junit.jupiter.api.Test;

/**
 * The entity index's table of one tenant's tracks finds what a hash map would, through adds, removals and growth,
 * with entities whose hash codes are equal ("Aa" and "BB" hash alike, so do all their concatenations) or close.
 */
class TrackTableTest {
    /**
     * An attacker's alerts may name thousands of entities of one String hash: the table moves to a HashMap (whose
     * bins become trees) instead of scanning them all at every lookup; spread hashes never make it move.
     */
    @Test
    void entitiesOfOneHashMoveTheTracksToAHashMapAndSpreadOnesDoNot() {
        TrackTable spread = new TrackTable();
        for (int i = 0; i < 100_000; i++) spread.add(new EntityTrack("t1", new Entity("ip", "10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255)), 0));
        assertEquals(false, spread.isFlooded());
        assertEquals(100_000, spread.size());

        TrackTable table = new TrackTable();
        Map<Entity, EntityTrack> model = new HashMap<>();
        for (int bits = 0; bits < 1 << 12; bits++) { // 4,096 keys of one hash code: "Aa" and "BB" hash alike
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < 12; i++) k.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            EntityTrack t = new EntityTrack("t1", new Entity("account", k.toString()), bits);
            table.add(t);
            model.put(t.getEntity(), t);
        }
        assertEquals(1, model.keySet().stream().map(Entity::hashCode).distinct().count());
        assertEquals(true, table.isFlooded());
        assertEquals(model.size(), table.size());
        for (Map.Entry<Entity, EntityTrack> e : model.entrySet()) assertSame(e.getValue(), table.get(e.getKey()));
        Entity gone = model.keySet().iterator().next();
        table.remove(gone);
        assertEquals(null, table.get(gone));
        assertEquals(model.size() - 1, table.size());
    }

    /** An entity whose hash code is 0 ("f5a5a608" and strings of U+0000 hash to 0). */
    private static Entity zeroHash(int n) {
        Entity e = new Entity("f5a5a608", "\0".repeat(n + 1));
        assertEquals(0, e.hashCode());
        return e;
    }

    @Test
    void findsWhatAMapWouldThroughAddsRemovesAndGrowth() {
        Random rnd = new Random(7);
        TrackTable table = new TrackTable();
        Map<Entity, EntityTrack> model = new HashMap<>();
        String[] halves = {"Aa", "BB"};
        for (int step = 0; step < 300_000; step++) {
            Entity e;
            int kind = rnd.nextInt(3);
            if (kind == 0) { // 2^6 = 64 keys of one hash code
                StringBuilder k = new StringBuilder();
                for (int i = 0; i < 6; i++) k.append(halves[rnd.nextInt(2)]);
                e = new Entity("account", k.toString());
            } else if (kind == 1 && rnd.nextInt(50) == 0) { // hash code 0, kept as 1 by the table
                e = zeroHash(rnd.nextInt(3));
            } else if (kind == 1) {
                e = new Entity("ip", "10.0." + rnd.nextInt(40) + "." + rnd.nextInt(250));
            } else {
                e = new Entity("host", "wks-" + rnd.nextInt(5_000));
            }
            EntityTrack found = table.get(e);
            assertSame(model.get(e), found, "step " + step);
            if (found == null && rnd.nextInt(4) != 0) {
                EntityTrack t = new EntityTrack("t1", e, step);
                table.add(t);
                model.put(e, t);
            } else if (found != null && rnd.nextInt(3) == 0) {
                table.remove(e);
                model.remove(e);
            }
            assertEquals(model.size(), table.size(), "step " + step);
        }
        for (Map.Entry<Entity, EntityTrack> x : model.entrySet()) assertSame(x.getValue(), table.get(x.getKey()));
        for (Entity e : model.keySet().toArray(new Entity[0])) table.remove(e);
        assertEquals(0, table.size());
        table.remove(new Entity("host", "never-there"));
        assertEquals(0, table.size());
    }
}
