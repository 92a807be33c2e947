package org.alertcorrelator.model;

/**
 * Why two alerts were grouped: the earlier and the later alert, the entity they share, and the rule that
 * linked them. Incidents list one reason per link so an analyst can see how the group was formed.
 */
public record LinkReason(String earlierAlertId, String laterAlertId, Entity entity, String rule) {
}
