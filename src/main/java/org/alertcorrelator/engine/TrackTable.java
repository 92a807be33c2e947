package org.alertcorrelator.engine;

import org.alertcorrelator.model.Entity;

/**
 * One tenant's entity tracks by entity: open addressing over two parallel arrays (each track's entity hash, the
 * track), linear probing, deletion by shifting back. Every alert looks up each of its strong entities here, and
 * with a hash map of a hundred thousand tracks most of that time went to following nodes through memory; here a
 * lookup reads a run of hashes side by side and touches a track only when its hash matches. A track costs eight
 * bytes a slot instead of a 32-byte node and its slot. A slot is free when its hash is 0 (a hash of 0 is kept as
 * 1), so that a lookup reads the array of tracks only where a hash matches: an entity seen for the first time, as
 * most are, is found absent from the hashes alone.
 *
 * <p>Entity hashes are String hashes, which anyone can make collide ("Aa" and "BB"), and an attacker who names
 * thousands of entities of one hash in alerts would make every lookup scan them all. A hash map turns such a bin into
 * a tree; this table, once an insertion meets more than {@link #MAX_SAME_HASH} tracks of its own hash on its way
 * (spread hashes meet none or one), or probes more than {@link #MAX_PROBE} slots (hashes made to crowd one part of
 * the table), moves its tracks into a {@code HashMap} for good.
 */
final class TrackTable {
    static final int MAX_SAME_HASH = 32;
    static final int MAX_PROBE = 1024;
    private int[] hashes = new int[64];
    private EntityTrack[] tracks = new EntityTrack[64];
    private int size;
    private java.util.Map<Entity, EntityTrack> flooded; // non-null once the tracks live in a HashMap

    int size() {
        return flooded != null ? flooded.size() : size;
    }

    /** Whether the tracks moved to a HashMap (an insertion probed too far). */
    boolean isFlooded() {
        return flooded != null;
    }

    EntityTrack get(Entity entity) {
        if (flooded != null) return flooded.get(entity);
        int i = slotOf(entity);
        return i < 0 ? null : tracks[i];
    }

    /** The slot of the entity's track, or -1. */
    private int slotOf(Entity entity) {
        int h = hashOf(entity);
        int mask = tracks.length - 1;
        for (int i = home(h, mask); hashes[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == h && tracks[i].getEntity().equals(entity)) return i;
        }
        return -1;
    }

    /** Adds a track whose entity is not in the table yet. */
    void add(EntityTrack track) {
        if (flooded != null) {
            flooded.put(track.getEntity(), track);
            return;
        }
        if ((size + 1) * 4 > tracks.length * 3) grow();
        if (!place(track, hashOf(track.getEntity()))) flood();
        size++;
    }

    private void flood() {
        flooded = new java.util.HashMap<>();
        for (int i = 0; i < tracks.length; i++) if (hashes[i] != 0) flooded.put(tracks[i].getEntity(), tracks[i]);
        hashes = null;
        tracks = null;
    }

    /** Removes the track of this entity, if any. */
    void remove(Entity entity) {
        if (flooded != null) {
            flooded.remove(entity);
            return;
        }
        int i = slotOf(entity);
        if (i < 0) return;
        int mask = tracks.length - 1;
        hashes[i] = 0;
        tracks[i] = null;
        size--;
        // Move back the tracks after the hole that probed past it (no tombstones: lookups stay short).
        int hole = i;
        for (int j = (i + 1) & mask; hashes[j] != 0; j = (j + 1) & mask) {
            if (!TenantsByValue.mayFill(hole, home(hashes[j], mask), j)) continue;
            hashes[hole] = hashes[j];
            tracks[hole] = tracks[j];
            hashes[j] = 0;
            tracks[j] = null;
            hole = j;
        }
    }

    /** Puts the track in the first free slot from its home; false when it met too many of its hash or probed too far. */
    private boolean place(EntityTrack track, int h) {
        int mask = tracks.length - 1;
        int i = home(h, mask);
        int probed = 0;
        int sameHash = 0;
        while (hashes[i] != 0) {
            if (hashes[i] == h) sameHash++;
            i = (i + 1) & mask;
            probed++;
        }
        hashes[i] = h;
        tracks[i] = track;
        return sameHash <= MAX_SAME_HASH && probed <= MAX_PROBE;
    }

    private void grow() {
        int[] oldHashes = hashes;
        EntityTrack[] oldTracks = tracks;
        hashes = new int[oldTracks.length * 2];
        tracks = new EntityTrack[oldTracks.length * 2];
        for (int i = 0; i < oldTracks.length; i++) if (oldHashes[i] != 0) place(oldTracks[i], oldHashes[i]);
    }

    private static int hashOf(Entity e) {
        int h = e.hashCode();
        return h == 0 ? 1 : h;
    }

    /** Fibonacci hashing: entity hashes of similar values (addresses, numbered hosts) spread over the table. */
    private static int home(int h, int mask) {
        return (h * 0x9E3779B9 >>> 16 ^ h * 0x9E3779B9) & mask;
    }
}
