package org.alertcorrelator.model;

/**
 * An entity an alert names (host, account, IP, ...), reduced to what correlation compares: its type and its
 * normalised key. Two alerts share an entity when both type and key are equal. {@link EntityType} says how
 * each key is normalised.
 *
 * <p>{@code details} carries what is shown but never compared: the value as the record wrote it (a command line
 * in its own case, while its key is lower case for matching) and the product's verdict and remediation status on
 * the evidence. It takes no part in equality, hashing or order: an entity is its type and key.
 */
public record Entity(String type, String key, EntityDetails details) implements Comparable<Entity> {

    public Entity {
        if (type == null || type.isEmpty()) throw new IllegalArgumentException("entity type is empty");
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("entity key is empty");
    }

    /** An entity with nothing beyond its key (most are). */
    public Entity(String type, String key) {
        this(type, key, null);
    }

    /** This entity with those details (this one when there are none). */
    public Entity withDetails(EntityDetails d) {
        return d == null && details == null ? this : new Entity(type, key, d);
    }

    public boolean isA(String entityType) {
        return type.equals(entityType);
    }

    /** The entity as written in its record: the key, unless the record wrote it otherwise (see {@link EntityDetails#value()}). */
    public String shown() {
        return details != null && details.value() != null ? details.value() : key;
    }

    /** The product's verdict on this evidence (Graph: malicious, suspicious, noThreatsFound, ...), or "" when none. */
    public String verdict() {
        return details == null || details.verdict() == null ? "" : details.verdict();
    }

    /** What the product did about this evidence (Graph: remediated, prevented, blocked, none, ...), or "" when none. */
    public String remediationStatus() {
        return details == null || details.remediationStatus() == null ? "" : details.remediationStatus();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Entity e && type.equals(e.type) && key.equals(e.key);
    }

    @Override
    public int hashCode() {
        return hashOf(type, key);
    }

    /** The hash code of the entity of this type and key, without making one (for lookups by type and key). */
    public static int hashOf(String type, String key) {
        return 31 * type.hashCode() + key.hashCode();
    }

    @Override
    public int compareTo(Entity o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : key.compareTo(o.key);
    }

    @Override
    public String toString() {
        return type + ":" + key;
    }
}
