package org.alertcorrelator.model;

/**
 * Why two alerts were grouped: the earlier and the later alert, the entity they share, and the rule that
 * linked them. Incidents list one reason per link so an analyst can see how the group was formed. The entity
 * is null when a rule grouped the alerts itself (a {@link Raise}): then the rule is the reason.
 */
public record LinkReason(String earlierAlertId, String laterAlertId, Entity entity, String rule) {
}
