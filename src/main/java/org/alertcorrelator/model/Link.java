package org.alertcorrelator.model;

/**
 * A link between two alerts, inserted by the linking rule and consumed at once by the grouping rules
 * (rules/40-groups.drl). The getters that name groups read the alerts' current groups.
 */
public final class Link {
    private final Alert earlier;
    private final Alert later;
    private final Entity entity;
    private final String rule;

    /** @param entity the entity the alerts share, or null when a rule grouped them (a {@link Raise}) */
    public Link(Alert earlier, Alert later, Entity entity, String rule) {
        this.earlier = earlier;
        this.later = later;
        this.entity = entity;
        this.rule = rule;
    }

    public Alert getEarlier() {
        return earlier;
    }

    public Alert getLater() {
        return later;
    }

    public Entity getEntity() {
        return entity;
    }

    public String getRule() {
        return rule;
    }

    public AlertGroup getEarlierGroup() {
        return earlier.getGroup();
    }

    public AlertGroup getLaterGroup() {
        return later.getGroup();
    }

    /** True when both alerts are already in the same group. */
    public boolean isInsideOneGroup() {
        return earlier.getGroup() != null && earlier.getGroup() == later.getGroup();
    }

    /** True when exactly one of the two alerts already has a group: the other one joins it. */
    public boolean isOneSideGrouped() {
        return (earlier.getGroup() == null) != (later.getGroup() == null);
    }

    /** The group of whichever alert has one (when only one has). */
    public AlertGroup getGroupToJoin() {
        return earlier.getGroup() != null ? earlier.getGroup() : later.getGroup();
    }

    /** When both alerts have different groups: the older of the two (earliest first alert). */
    public AlertGroup getOlderGroup() {
        AlertGroup a = earlier.getGroup();
        AlertGroup b = later.getGroup();
        if (a == null || b == null) return null;
        return AlertGroup.isOlder(a, b) ? a : b;
    }

    /** When both alerts have different groups: the younger of the two. */
    public AlertGroup getYoungerGroup() {
        AlertGroup a = earlier.getGroup();
        AlertGroup b = later.getGroup();
        if (a == null || b == null) return null;
        return AlertGroup.isOlder(a, b) ? b : a;
    }

    public LinkReason toReason() {
        return new LinkReason(earlier.getId(), later.getId(), entity, rule);
    }

    @Override
    public String toString() {
        return "Link[" + earlier.getId() + " -> " + later.getId() + " by " + (entity != null ? entity : rule) + "]";
    }
}
