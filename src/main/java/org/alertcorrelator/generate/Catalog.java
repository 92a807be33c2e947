package org.alertcorrelator.generate;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.alertcorrelator.model.Severity;
import org.alertcorrelator.model.Tactic;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The Defender for Cloud alert reference ({@code alert-tactics.csv}: alert type, display name, tactics, severity,
 * section), sorted into the planes the generator places alerts on. Only rows with an alert type are used (a real
 * alert always has one); a row naming several types ({@code SQL.DB_X;SQL.VM_X}) gives one of them per alert.
 */
final class Catalog {

    /** Where an alert of a section happens, and so which entities it names. */
    enum Plane {
        WINDOWS, LINUX, NETWORK, DNS, APP_SERVICE, STORAGE, KUBERNETES, RESOURCE_MANAGER, KEY_VAULT, SQL, COSMOS_DB, DDOS;

        /** Planes whose alerts happen on a machine (a host entity). */
        boolean onMachine() {
            return this == WINDOWS || this == LINUX || this == NETWORK || this == DNS;
        }
    }

    /**
     * One row of the reference.
     *
     * @param types      the alert types of the row (one or more)
     * @param tactics    the tactic names as the reference writes them (Exploitation, PreAttack ... kept: the
     *                   records carry them like Defender does), without the "?" values
     * @param severities the severities the row allows ("High/Medium" gives two); Medium when the row has none
     * @param allStages  the kill-chain stages an alert of the row can have: its own tactics', and those the rules'
     *                   reference table gives its type (else name) when a record comes without tactics
     */
    record Row(List<String> types, String name, List<String> tactics, List<Severity> severities, Plane plane,
               Set<Integer> allStages) {
        boolean hasTactics() {
            return !tactics.isEmpty();
        }

        boolean hasTactic(Tactic t) {
            for (String name : tactics) if (Tactic.parse(name) == t) return true;
            return false;
        }

        /**
         * True when an alert of the row has at most one kill-chain stage, whether it carries the row's tactics or
         * arrives without and takes them from the reference table (by type, else by name, as the rules do).
         */
        boolean singleStage() {
            return allStages.size() <= 1;
        }

        boolean allows(Severity s) {
            return severities.contains(s);
        }

        boolean isVendorTest() {
            return name.toLowerCase(Locale.ROOT).contains("(not a threat)") || types.contains("VM_CompTestRule");
        }
    }

    private final List<Row> rows;
    private final Map<Plane, List<Row>> byPlane = new EnumMap<>(Plane.class);

    private Catalog(List<Row> rows) {
        this.rows = List.copyOf(rows);
        for (Plane p : Plane.values()) byPlane.put(p, new ArrayList<>());
        for (Row r : rows) byPlane.get(r.plane()).add(r);
    }

    /** Where the catalog is looked for when none is given: the project's rules, else the shared Defender reference. */
    static final List<Path> DEFAULT_PLACES =
            List.of(Path.of("rules", "alert-tactics.csv"), Path.of("..", "shared", "data", "defender", "alert-tactics.csv"));

    /** Whether a catalog is found without one being given (from this folder). */
    static boolean foundByDefault() {
        return DEFAULT_PLACES.stream().anyMatch(Files::isRegularFile);
    }

    /** The catalog in {@code file}, else the first of {@link #DEFAULT_PLACES} that exists. */
    static Catalog load(Path file) {
        List<Path> candidates = file != null ? List.of(file) : DEFAULT_PLACES;
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return read(p);
        }
        throw new IllegalArgumentException("alert catalog not found: " + candidates
                + " (give the Defender alert reference with --catalog FILE)");
    }

    static Catalog read(Path file) {
        List<Row> rows = new ArrayList<>();
        Map<String, Set<Integer>> byType = new HashMap<>();
        Map<String, Set<Integer>> byName = new HashMap<>();
        List<CSVRecord> records = new ArrayList<>();
        try {
            // Comment lines (#) before the header are the file's provenance, not rows.
            StringBuilder data = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.startsWith("#")) data.append(line).append('\n');
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord r : format.parse(new StringReader(data.toString()))) {
                // Tactics we inferred for the rules' table are not in what Defender sends: the stream stays Defender's.
                if (r.isMapped("source") && r.get("source").startsWith("inferred")) r = withoutTactics(format, r);
                records.add(r);
                // What the rules' reference table knows: tactics by type, else by name (all rows with that key together).
                Set<Integer> stages = new TreeSet<>();
                for (String t : r.get("tactics").split(";")) {
                    Tactic tactic = t.isBlank() || t.trim().startsWith("?") ? null : Tactic.parse(t.trim());
                    if (tactic != null) stages.add(tactic.ordinal() + 1);
                }
                if (stages.isEmpty()) continue;
                for (String type : r.get("alert_type").split(";")) {
                    if (!type.isBlank()) byType.computeIfAbsent(key(type), k -> new TreeSet<>()).addAll(stages);
                }
                if (!r.get("alert_name").isBlank()) byName.computeIfAbsent(key(r.get("alert_name")), k -> new TreeSet<>()).addAll(stages);
            }
            for (CSVRecord r : records) {
                Row row = row(r, byType, byName);
                if (row != null) rows.add(row);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the alert catalog: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": no alert types in the catalog");
        return new Catalog(rows);
    }

    /** The row as Defender's reference has it: no tactics. */
    private static CSVRecord withoutTactics(CSVFormat format, CSVRecord r) throws IOException {
        List<String> names = r.getParser().getHeaderNames();
        List<String> values = new ArrayList<>();
        for (String n : names) values.add(n.equals("tactics") ? "" : r.get(n));
        String text = CSVFormat.DEFAULT.format(names.toArray()) + "\n" + CSVFormat.DEFAULT.format(values.toArray()) + "\n";
        return format.parse(new StringReader(text)).getRecords().get(0);
    }

    private static String key(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    private static Row row(CSVRecord r, Map<String, Set<Integer>> byType, Map<String, Set<Integer>> byName) {
        String typeCell = r.get("alert_type").trim();
        if (typeCell.isEmpty()) return null;
        List<String> types = new ArrayList<>();
        for (String t : typeCell.split(";")) if (!t.isBlank()) types.add(t.trim());
        String name = r.get("alert_name").trim();
        List<String> tactics = new ArrayList<>();
        for (String t : r.get("tactics").split(";")) {
            String s = t.trim();
            if (!s.isEmpty() && !s.startsWith("?") && Tactic.parse(s) != null) tactics.add(s);
        }
        List<Severity> severities = new ArrayList<>();
        for (String s : r.get("severity").split("[/ ]")) {
            Severity sev = Severity.parse(s);
            if (sev != null && !severities.contains(sev)) severities.add(sev);
        }
        if (severities.isEmpty()) severities.add(Severity.MEDIUM);
        String section = r.get("section");
        Plane plane = plane(section, types.get(0));
        if (plane == null) return null;
        Set<Integer> all = new TreeSet<>();
        for (String t : tactics) all.add(Tactic.parse(t).ordinal() + 1);
        for (String type : types) {
            Set<Integer> looked = byType.get(key(type));
            if (looked == null) looked = byName.get(key(name));
            if (looked != null) all.addAll(looked);
        }
        return new Row(List.copyOf(types), name, List.copyOf(tactics), List.copyOf(severities), plane, Set.copyOf(all));
    }

    private static Plane plane(String section, String type) {
        String s = section.toLowerCase(Locale.ROOT);
        if (s.contains("windows")) return Plane.WINDOWS;
        if (s.contains("linux")) return Plane.LINUX;
        if (s.contains("network layer")) return Plane.NETWORK;
        if (s.contains("dns")) return Plane.DNS;
        if (s.contains("app service")) return Plane.APP_SERVICE;
        if (s.contains("storage")) return Plane.STORAGE;
        if (s.contains("kubernetes")) return Plane.KUBERNETES;
        if (s.contains("resource manager")) return Plane.RESOURCE_MANAGER;
        if (s.contains("key vault")) return Plane.KEY_VAULT;
        if (s.contains("sql") || s.contains("relational")) return Plane.SQL;
        if (s.contains("cosmos")) return Plane.COSMOS_DB;
        if (s.contains("ddos")) return Plane.DDOS;
        return null; // "Security incident alerts" are incidents, not alerts
    }

    List<Row> rows() {
        return rows;
    }

    List<Row> plane(Plane p) {
        return byPlane.get(p);
    }
}
