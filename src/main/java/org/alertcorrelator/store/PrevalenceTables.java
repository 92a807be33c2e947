package org.alertcorrelator.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import org.alertcorrelator.model.PrevalenceCount;

/**
 * Cross-tenant prevalence counts kept in the store (migration 3), so that a restarted service counts what the run
 * before it counted. Rows belong to a {@code source}: the engine that counted them ("serve" for the service; one
 * name per engine when several share a PostgreSQL store). A source writes each interval of event time once it is
 * closed (every alert before its end processed), with how far it has filed, in the transaction that saves its
 * restart point; nothing a source writes is ever added to another's rows, so several sources never contend for a
 * row. What is stored is what crosses tenants: step names, public entity values, tenant hashes and counts.
 */
public final class PrevalenceTables {

    /** What a source stored: its counts of intervals from a given one on, sightings, and how far it filed. */
    public record Stored(List<PrevalenceCount> counts, List<PrevalenceCount.Seen> seen, long filedUntil) {
        public static final Stored NONE = new Stored(List.of(), List.of(), Long.MIN_VALUE);
    }

    private PrevalenceTables() {
    }

    /** A fixed-length key for an item of any length (a URL may be long), for the primary key. */
    static String itemHash(String kind, String item1, String item2) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(kind.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(item1.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(item2.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes closed intervals (an interval written again replaces what was there), sightings, how far the source
     * filed, and drops the source's intervals before {@code keepFrom} (out of every horizon).
     */
    static void save(Connection c, String source, List<PrevalenceCount> counts, List<PrevalenceCount.Seen> seen,
                     long filedUntil, long keepFrom) throws SQLException {
        TreeSet<Long> buckets = new TreeSet<>();
        for (PrevalenceCount n : counts) buckets.add(n.bucket());
        try (PreparedStatement del = c.prepareStatement("DELETE FROM prevalence_counts WHERE source = ? AND bucket = ?")) {
            for (long b : buckets) {
                del.setString(1, source);
                del.setLong(2, b);
                del.addBatch();
            }
            if (!buckets.isEmpty()) del.executeBatch();
        }
        if (!counts.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO prevalence_counts "
                    + "(source, bucket, item_hash, tenant_hash, kind, item1, item2, n) VALUES (?,?,?,?,?,?,?,?)")) {
                int inBatch = 0;
                for (PrevalenceCount n : counts) {
                    ins.setString(1, source);
                    ins.setLong(2, n.bucket());
                    ins.setString(3, itemHash(n.kind(), n.item1(), n.item2()));
                    ins.setString(4, n.tenantHash());
                    ins.setString(5, n.kind());
                    ins.setString(6, n.item1());
                    ins.setString(7, n.item2());
                    ins.setLong(8, n.count());
                    ins.addBatch();
                    if (++inBatch == 1000) {
                        ins.executeBatch();
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) ins.executeBatch();
            }
        }
        for (PrevalenceCount.Seen s : seen) {
            String key = itemHash(PrevalenceCount.PAIR, s.first(), s.then());
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE prevalence_seen SET first_seen = ?, last_seen = ? WHERE source = ? AND item_hash = ?")) {
                up.setLong(1, s.firstSeen());
                up.setLong(2, s.lastSeen());
                up.setString(3, source);
                up.setString(4, key);
                if (up.executeUpdate() > 0) continue;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO prevalence_seen "
                    + "(source, item_hash, first_step, then_step, first_seen, last_seen) VALUES (?,?,?,?,?,?)")) {
                ins.setString(1, source);
                ins.setString(2, key);
                ins.setString(3, s.first());
                ins.setString(4, s.then());
                ins.setLong(5, s.firstSeen());
                ins.setLong(6, s.lastSeen());
                ins.executeUpdate();
            }
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement up = c.prepareStatement("UPDATE prevalence_sources SET filed_until = ?, updated_at = ? WHERE source = ?")) {
            up.setLong(1, filedUntil);
            up.setLong(2, now);
            up.setString(3, source);
            if (up.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO prevalence_sources (source, filed_until, updated_at) VALUES (?,?,?)")) {
                    ins.setString(1, source);
                    ins.setLong(2, filedUntil);
                    ins.setLong(3, now);
                    ins.executeUpdate();
                }
            }
        }
        if (keepFrom != Long.MIN_VALUE) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM prevalence_counts WHERE source = ? AND bucket < ?")) {
                del.setString(1, source);
                del.setLong(2, keepFrom);
                del.executeUpdate();
            }
        }
    }

    /** filed_until of each of these sources that has a row. */
    static java.util.Map<String, Long> filedUntil(Connection c, java.util.Collection<String> sources) throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT filed_until FROM prevalence_sources WHERE source = ?")) {
            for (String source : sources) {
                p.setString(1, source);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) out.put(source, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** The counts these sources stored for intervals in [fromBucket, toBucket), in source and bucket order. */
    static List<PrevalenceCount> loadCounts(Connection c, java.util.Collection<String> sources, long fromBucket, long toBucket)
            throws SQLException {
        List<PrevalenceCount> counts = new ArrayList<>();
        if (sources.isEmpty() || fromBucket >= toBucket) return counts;
        try (PreparedStatement p = c.prepareStatement("SELECT bucket, kind, item1, item2, tenant_hash, n FROM prevalence_counts "
                + "WHERE source = ? AND bucket >= ? AND bucket < ? ORDER BY bucket, item_hash, tenant_hash")) {
            p.setFetchSize(1000);
            for (String source : new TreeSet<>(sources)) {
                p.setString(1, source);
                p.setLong(2, fromBucket);
                p.setLong(3, toBucket);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        counts.add(new PrevalenceCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getLong(6)));
                    }
                }
            }
        }
        return counts;
    }

    /** What {@code source} stored, intervals from {@code fromBucket} on (in bucket order). */
    static Stored load(Connection c, String source, long fromBucket) throws SQLException {
        long filedUntil;
        try (PreparedStatement p = c.prepareStatement("SELECT filed_until FROM prevalence_sources WHERE source = ?")) {
            p.setString(1, source);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) return Stored.NONE;
                filedUntil = rs.getLong(1);
            }
        }
        List<PrevalenceCount> counts = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT bucket, kind, item1, item2, tenant_hash, n FROM prevalence_counts "
                + "WHERE source = ? AND bucket >= ? ORDER BY bucket, item_hash, tenant_hash")) {
            p.setString(1, source);
            p.setLong(2, fromBucket);
            p.setFetchSize(1000);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    counts.add(new PrevalenceCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6)));
                }
            }
        }
        List<PrevalenceCount.Seen> seen = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT first_step, then_step, first_seen, last_seen FROM prevalence_seen "
                + "WHERE source = ? ORDER BY item_hash")) {
            p.setString(1, source);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) seen.add(new PrevalenceCount.Seen(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return new Stored(counts, seen, filedUntil);
    }
}
