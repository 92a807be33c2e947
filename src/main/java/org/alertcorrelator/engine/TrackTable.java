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
 */
final class TrackTable {
    private int[] hashes = new int[64];
    private EntityTrack[] tracks = new EntityTrack[64];
    private int size;

    int size() {
        return size;
    }

    EntityTrack get(Entity entity) {
        int h = hashOf(entity);
        int mask = tracks.length - 1;
        for (int i = home(h, mask); hashes[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == h && tracks[i].getEntity().equals(entity)) return tracks[i];
        }
        return null;
    }

    /** Adds a track whose entity is not in the table yet. */
    void add(EntityTrack track) {
        if ((size + 1) * 4 > tracks.length * 3) grow();
        place(track, hashOf(track.getEntity()));
        size++;
    }

    /** Removes the track of this entity, if any. */
    void remove(Entity entity) {
        int h = hashOf(entity);
        int mask = tracks.length - 1;
        int i = home(h, mask);
        while (hashes[i] != 0 && !(hashes[i] == h && tracks[i].getEntity().equals(entity))) i = (i + 1) & mask;
        if (hashes[i] == 0) return;
        hashes[i] = 0;
        tracks[i] = null;
        size--;
        // Move back the tracks after the hole that probed past it (no tombstones: lookups stay short).
        int hole = i;
        for (int j = (i + 1) & mask; hashes[j] != 0; j = (j + 1) & mask) {
            int home = home(hashes[j], mask);
            boolean homeBetween = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (homeBetween) continue;
            hashes[hole] = hashes[j];
            tracks[hole] = tracks[j];
            hashes[j] = 0;
            tracks[j] = null;
            hole = j;
        }
    }

    private void place(EntityTrack track, int h) {
        int mask = tracks.length - 1;
        int i = home(h, mask);
        while (hashes[i] != 0) i = (i + 1) & mask;
        hashes[i] = h;
        tracks[i] = track;
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
