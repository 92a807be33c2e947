package org.alertcorrelator.model;

/**
 * An entity an alert names (host, account, IP, ...), reduced to what correlation compares: its type and its
 * normalised key. Two alerts share an entity when both type and key are equal. {@link EntityType} says how
 * each key is normalised.
 */
public record Entity(String type, String key) implements Comparable<Entity> {

    public Entity {
        if (type == null || type.isEmpty()) throw new IllegalArgumentException("entity type is empty");
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("entity key is empty");
    }

    public boolean isA(String entityType) {
        return type.equals(entityType);
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
