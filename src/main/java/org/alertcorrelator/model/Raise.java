package org.alertcorrelator.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.kie.api.definition.type.ClassReactive;

/**
 * A rule's request to make an incident of the alerts it matched. Any rule raises one in its consequence:
 *
 * <pre>
 * insert( new Raise( "AccountSpread", Severity.HIGH, "Account " + $account + " on 3 hosts within 1 hour", $earlier, $a ) );
 * </pre>
 *
 * The rules of {@code rules/48-raised-by-rules.drl} then group the alerts through the same machinery as the
 * default rules (each alert linked to the next by a link whose reason names the raising rule, so the alerts
 * join, open or merge groups, and the incident takes their derived id, the 150-alert cap and continuations),
 * and raise the group with this kind, title and severity. The rule that inserted the Raise is recorded by the
 * engine ({@link #getRule()}): it is the incident's {@code raisedBy} and the rule named by the links' reasons.
 *
 * <p>Alerts must be of one tenant. {@code severity} null means "as severe as its most severe alert";
 * {@code title} null means the default title for the kind. A raise never lowers an incident's severity.
 */
@ClassReactive
public final class Raise {
    private final String kind;
    private final Severity severity;
    private final String title;
    // Distinct alerts, in event-time order (then id).
    private final List<Alert> alerts;
    private String rule;
    private int nextLink;

    /**
     * @param kind     any kind name ({@link IncidentKind#check(String)})
     * @param severity the incident's severity, or null for "as severe as its most severe alert"
     * @param title    the incident's title, or null for the kind's default title
     * @param alerts   the alerts matched: alerts, or lists of alerts (a {@code List} from {@code collect} or
     *                 {@code accumulate}), in any mix; at least one alert, all of one tenant; repeats are ignored
     * @throws IllegalArgumentException for a bad kind, no alerts, something that is not an alert, mixed tenants
     */
    public Raise(String kind, Severity severity, String title, Object... alerts) {
        this.kind = IncidentKind.check(kind);
        this.severity = severity;
        this.title = title == null || title.isBlank() ? null : title.strip();
        Set<Alert> distinct = new LinkedHashSet<>();
        if (alerts != null) for (Object o : alerts) addAlerts(o, distinct);
        if (distinct.isEmpty()) throw new IllegalArgumentException("Raise " + kind + ": no alerts given");
        List<Alert> sorted = new ArrayList<>(distinct);
        sorted.sort(Alert::byEventTimeThenId);
        String tenant = sorted.get(0).getTenant();
        for (Alert a : sorted) {
            if (!a.getTenant().equals(tenant)) {
                throw new IllegalArgumentException("Raise " + kind + ": alerts of two tenants (" + tenant + ", " + a.getTenant()
                        + "); an incident belongs to one tenant");
            }
        }
        this.alerts = List.copyOf(sorted);
    }

    private void addAlerts(Object o, Set<Alert> into) {
        if (o instanceof Alert a) {
            into.add(a);
        } else if (o instanceof Collection<?> c) {
            for (Object e : c) addAlerts(e, into);
        } else if (o instanceof Object[] array) {
            for (Object e : array) addAlerts(e, into);
        } else {
            throw new IllegalArgumentException("Raise " + kind + ": " + (o == null ? "null" : o.getClass().getSimpleName())
                    + " given where an Alert or a list of alerts was expected");
        }
    }

    public String getKind() {
        return kind;
    }

    /** The severity asked for, or null for "as severe as its most severe alert". */
    public Severity getSeverity() {
        return severity;
    }

    /** The title asked for, or null for the kind's default title. */
    public String getTitle() {
        return title;
    }

    /** The alerts, distinct, by event time then id. */
    public List<Alert> getAlerts() {
        return alerts;
    }

    public String getTenant() {
        return alerts.get(0).getTenant();
    }

    /** The rule that inserted this raise (set by the engine when it is inserted), or null if none did. */
    public String getRule() {
        return rule;
    }

    /** Called by the engine with the name of the rule that inserted the raise. */
    public void setRule(String rule) {
        if (this.rule == null) this.rule = rule;
    }

    /** The name shown where a rule is named: the inserting rule, else "a Raise of kind K". */
    public String ruleName() {
        return rule != null ? rule : "a Raise of kind " + kind;
    }

    /** How many links between consecutive alerts are still to be made. */
    public int getPendingLinks() {
        return Math.max(0, alerts.size() - 1 - nextLink);
    }

    /**
     * The next link to group, between consecutive alerts (by event time), with no entity and this raise's rule as
     * its reason; null when none is left. Consecutive alerts already in one group are not linked again: the
     * group just notes the rule's reason for them (once per pair and rule). The rules make one link at a time
     * so that each is grouped before the next is looked at.
     */
    public Link nextLinkToGroup() {
        if (nextLink == 0) releaseAlertsOfFinalIncidents();
        while (getPendingLinks() > 0) {
            Link link = new Link(alerts.get(nextLink), alerts.get(nextLink + 1), null, ruleName());
            nextLink++;
            if (!link.isInsideOneGroup()) return link;
            link.getEarlierGroup().addRuleReason(link);
        }
        return null;
    }

    /**
     * A raise may hold alerts of an incident already final (a 7-day correlation block keeps alerts longer than the
     * window): that group left working memory and can take no link. Such an alert starts afresh in this raise's
     * group; the final incident stays as it was written.
     */
    private void releaseAlertsOfFinalIncidents() {
        for (Alert a : alerts) {
            if (a.getGroup() != null && a.getGroup().isFinalised()) a.setGroup(null);
        }
    }

    /** The group the raised alerts are in once linked (that of the earliest), or null. */
    public AlertGroup group() {
        return alerts.get(0).getGroup();
    }

    @Override
    public String toString() {
        return "Raise[" + kind + " by " + ruleName() + ", " + alerts.size() + " alerts]";
    }
}
