package org.alertcorrelator.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertStatus;

/**
 * One record per alert: products send an alert again as it changes (status, end time), and the same alert may
 * sit in several exported files. Which copy is "later" is decided by content, never by the order records were
 * read, so a replay gives the same alerts whatever the order of its files and lines.
 *
 * <p>An alert is its tenant and its id (two tenants may use one id, as the store has it), and its alert type
 * and product: two records with one id but another type or product are two alerts that happen to share an id
 * (a product reusing ids, two exports stitched together). Both are kept, with a warning naming both; the one
 * whose type and product sort last keeps the id as written, the others get {@code <id>~<type>} (and the
 * product when the type is the same too), so that every alert the engine sees has its own id.
 */
public final class Deduplicator {
    /** Later wins: time generated, then end time, then status progress, then the original text, then the origin. */
    static final Comparator<AlertRecord> LATER = Comparator
            .comparing((AlertRecord r) -> r.alert().getTimeGenerated(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(r -> r.alert().getEndTime())
            .thenComparingInt(r -> progress(r.alert().getStatus()))
            .thenComparing(AlertRecord::original, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(AlertRecord::origin);

    private Deduplicator() {
    }

    /** As {@link #latestById(List, List)}, the warnings left out. */
    public static List<AlertRecord> latestById(List<AlertRecord> records) {
        return latestById(records, new ArrayList<>());
    }

    /**
     * The latest record of each alert (tenant, id, alert type, product), ordered by alert event time, then id.
     *
     * @param warnings gets one warning per record kept under a new id, naming both alerts
     */
    public static List<AlertRecord> latestById(List<AlertRecord> records, List<RecordError> warnings) {
        // Per tenant and id: the latest record, or (rarely) a list of the latest record of each alert sharing the id.
        Map<Identity, Object> latest = new HashMap<>(Math.max(16, records.size() * 4 / 3 + 1));
        boolean anyShared = false;
        for (AlertRecord r : records) {
            Identity identity = new Identity(r.alert().getTenant(), r.alert().getId());
            Object had = latest.putIfAbsent(identity, r);
            if (had == null) continue;
            if (had instanceof AlertRecord one) {
                if (sameAlert(one.alert(), r.alert())) {
                    latest.put(identity, later(one, r));
                } else {
                    latest.put(identity, new ArrayList<>(List.of(one, r)));
                    anyShared = true;
                }
                continue;
            }
            @SuppressWarnings("unchecked")
            List<AlertRecord> several = (List<AlertRecord>) had;
            int i = 0;
            while (i < several.size() && !sameAlert(several.get(i).alert(), r.alert())) i++;
            if (i < several.size()) several.set(i, later(several.get(i), r));
            else several.add(r);
        }
        List<AlertRecord> result = new ArrayList<>(latest.size() + (anyShared ? 16 : 0));
        for (Object v : latest.values()) {
            if (v instanceof AlertRecord one) result.add(one);
        }
        if (anyShared) {
            List<Identity> ids = new ArrayList<>();
            for (Map.Entry<Identity, Object> e : latest.entrySet()) if (e.getValue() instanceof List<?>) ids.add(e.getKey());
            ids.sort(Comparator.comparing(Identity::tenant).thenComparing(Identity::id));
            for (Identity id : ids) {
                @SuppressWarnings("unchecked")
                List<AlertRecord> several = (List<AlertRecord>) latest.get(id);
                keepEach(several, result, warnings);
            }
        }
        result.sort((a, b) -> Alert.byEventTimeThenId(a.alert(), b.alert()));
        return result;
    }

    /** True when the two alerts are versions of one alert: same tenant, id, alert type and product. */
    public static boolean sameAlert(Alert a, Alert b) {
        return a.getTenant().equals(b.getTenant()) && a.getId().equals(b.getId())
                && type(a).equals(type(b)) && product(a).equals(product(b));
    }

    private static AlertRecord later(AlertRecord a, AlertRecord b) {
        return LATER.compare(a, b) >= 0 ? a : b;
    }

    /**
     * Alerts sharing one id: the one whose type and product sort last keeps the id, the others get a new one,
     * each with a warning. Sorted by content, so the same input in any order gives the same ids.
     */
    private static void keepEach(List<AlertRecord> several, List<AlertRecord> out, List<RecordError> warnings) {
        out.addAll(keptUnderOwnIds(several, warnings));
    }

    /**
     * The ids under which alerts that share one tenant and id are kept: given the latest record of each alert
     * (distinct alert types or products, the id as written), the same records with the id each is kept under,
     * in the order of their type and product. The one whose type and product sort last keeps the id; each other
     * one becomes {@code <id>~<type>}, or {@code <id>~<type>~<product>} when another of them has its type too.
     * Content alone decides, so the service, which meets the records one request at a time, gives the ids replay
     * gives.
     *
     * @param warnings gets one warning per record kept under a new id, naming the alert that kept the id
     */
    public static List<AlertRecord> keptUnderOwnIds(List<AlertRecord> alerts, List<RecordError> warnings) {
        List<AlertRecord> several = new ArrayList<>(alerts);
        several.sort(Comparator.comparing((AlertRecord r) -> type(r.alert())).thenComparing(r -> product(r.alert())));
        AlertRecord kept = several.get(several.size() - 1);
        List<AlertRecord> out = new ArrayList<>(several.size());
        for (AlertRecord r : several.subList(0, several.size() - 1)) {
            Alert a = r.alert();
            String newId = renamedId(a, several);
            out.add(new AlertRecord(a.toBuilder().id(newId).build(), r.original(), r.origin()));
            warnings.add(new RecordError(r.origin(), 0, 0, "SystemAlertId", "\"" + a.getId() + "\" is also the id of "
                    + describe(kept.alert()) + " (" + kept.origin() + "); this record is another alert (" + describe(a)
                    + "), kept as \"" + newId + "\""));
        }
        out.add(kept);
        return out;
    }

    /** The id of an alert that does not keep the id it shares with {@code group}: with its product when needed. */
    private static String renamedId(Alert a, List<AlertRecord> group) {
        int sameType = 0;
        for (AlertRecord r : group) if (type(r.alert()).equals(type(a))) sameType++;
        return a.getId() + '~' + (sameType > 1 ? a.getStep() + '~' + a.getProduct() : a.getStep());
    }

    /**
     * True when {@code stored} (an alert as kept) is an alert whose id as written was {@code writtenId}, kept
     * under a new id by {@link #keptUnderOwnIds}.
     */
    public static boolean isRenamedFrom(Alert stored, String writtenId) {
        String id = stored.getId();
        String step = writtenId + '~' + stored.getStep();
        return id.equals(step) || id.equals(step + '~' + stored.getProduct());
    }

    /** The alert type compared: case and surrounding blanks aside. */
    private static String type(Alert a) {
        return a.getAlertType().strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The product compared: letters and digits only, any case, so that Graph's {@code microsoftDefenderForEndpoint}
     * and Defender for Endpoint's {@code Microsoft Defender for Endpoint} are one product.
     */
    private static String product(Alert a) {
        StringBuilder b = new StringBuilder(a.getProduct().length());
        a.getProduct().codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static String describe(Alert a) {
        return "an alert of type \"" + a.getAlertType() + "\", product \"" + a.getProduct() + "\"";
    }

    private static int progress(AlertStatus status) {
        return switch (status) {
            case NEW -> 0;
            case ACTIVE -> 1;
            case IN_PROGRESS -> 2;
            case RESOLVED, DISMISSED -> 3;
        };
    }

    /** A tenant's alert id: another tenant's alert with the same id is another alert. */
    private record Identity(String tenant, String id) {
    }
}
