package org.alertcorrelator.generate;

import java.util.ArrayList;
import java.util.List;

import org.alertcorrelator.model.Severity;

/**
 * One generated alert, before it is written in a format: the fields every format carries, in the generator's
 * own terms. Times are epoch nanoseconds (the formats write 7 fractional digits, as Defender does).
 */
final class AlertSpec {
    /** An entity as Defender writes it: a type and its fields in order; a field's value may refer to another entity. */
    static final class Ent {
        final String type;
        final List<Object> fields = new ArrayList<>(8); // name, value, name, value ...; value: String, Boolean or Ent

        Ent(String type) {
            this.type = type;
        }

        Ent put(String name, Object value) {
            if (value != null) {
                fields.add(name);
                fields.add(value);
            }
            return this;
        }
    }

    String id;
    String tenantId;
    String subscriptionId;
    String resourceGroup;
    String location;
    String alertType;
    String displayName;
    String description;
    Severity severity;
    List<String> tactics = List.of();
    /** False for records that arrive without tactics (the rules then take them from the reference table). */
    boolean writeTactics = true;
    List<String> techniques = List.of();
    long startNanos;
    long endNanos;
    long generatedNanos;
    String status = "Active";
    String compromisedEntity;
    String resourceId;
    final List<Ent> entities = new ArrayList<>(8);
    final List<String> extendedProperties = new ArrayList<>(4); // name, value, ...
    String remediation;
    /** The campaign the alert belongs to in the truth file, or null for noise. */
    String campaignId;

    Ent entity(String type) {
        Ent e = new Ent(type);
        entities.add(e);
        return e;
    }

    AlertSpec extended(String name, String value) {
        extendedProperties.add(name);
        extendedProperties.add(value);
        return this;
    }

    static int compareByStartThenId(AlertSpec a, AlertSpec b) {
        // Milliseconds first: the reader and the engine order alerts by epoch milliseconds, then id.
        int c = Long.compare(Math.floorDiv(a.startNanos, 1_000_000L), Math.floorDiv(b.startNanos, 1_000_000L));
        if (c != 0) return c;
        return a.id.compareTo(b.id);
    }
}
