package org.alertcorrelator.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.AlertGroup;
import org.alertcorrelator.model.Arrival;
import org.alertcorrelator.model.Incident;
import org.alertcorrelator.model.Raise;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;


/**
 * Watches working memory for what the rules do with alert groups and alerts, so the rules need not report
 * it themselves: groups opened, changed, merged, withdrawn and made final; alerts that rules ruled out.
 */
public final class IncidentCollector implements RuleRuntimeEventListener {
    private final LiveGroups live;
    private final EntityIndex entities;
    private final List<Incident> finalIncidents = new ArrayList<>();
    private final Map<String, Integer> ruledOutByRule = new LinkedHashMap<>();
    private final Set<AlertGroup> changedSinceDrain = new LinkedHashSet<>();
    private final boolean trackChanges;
    private int groupsMerged;
    private int groupsWithdrawn;
    private int alertsRuledOut;
    private Alert lastAlertInserted;

    /** @param trackChanges keep the groups changed since the last {@link #drainChanged()} (the service needs them; replay does not) */
    public IncidentCollector(LiveGroups live, EntityIndex entities, boolean trackChanges) {
        this.live = live;
        this.entities = entities;
        this.trackChanges = trackChanges;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof AlertGroup g) {
            live.added(g);
            if (trackChanges) changedSinceDrain.add(g);
        } else if (event.getObject() instanceof Alert a) {
            lastAlertInserted = a;
        } else if (event.getObject() instanceof Raise r && event.getRule() != null) {
            // The rule that raises is the incident's raisedBy and its links' reason: rule authors need not say.
            r.setRule(event.getRule().getName());
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        if (event.getObject() instanceof AlertGroup g && g.hasUnstampedSeverity() && event.getRule() != null) {
            g.stampRule(event.getRule().getName()); // severity reasons name the rule that changed the severity
        }
        if (trackChanges && event.getObject() instanceof AlertGroup g) changedSinceDrain.add(g);
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        Object old = event.getOldObject();
        if (old instanceof AlertGroup g) {
            live.removed(g);
            if (g.isFinalised()) {
                finalIncidents.addAll(IncidentBuilder.build(g));
            } else if (g.getMergedInto() != null) {
                groupsMerged++;
            } else {
                groupsWithdrawn++;
            }
            if (trackChanges) changedSinceDrain.add(g);
        } else if (old instanceof Arrival arrival && arrival.getAlert() != lastAlertInserted
                && arrival.getAlert() != entities.lastRemembered() && event.getRule() != null) {
            // The last rule remembers each alert that takes part on its entities' tracks (and moves it into the
            // stream of alerts, when a rule matches alerts there) before its Arrival goes; an Arrival that goes
            // without either was ruled out.
            alertsRuledOut++;
            ruledOutByRule.merge(event.getRule().getName(), 1, Integer::sum);
        }
    }

    /** Incidents of groups that became final (they left working memory), kept until drained. */
    public List<Incident> finalIncidents() {
        return finalIncidents;
    }

    /** The final incidents since the last call, no longer kept here (a long-running service stores them). */
    public List<Incident> drainFinalIncidents() {
        List<Incident> out = new ArrayList<>(finalIncidents);
        finalIncidents.clear();
        return out;
    }

    /** Groups inserted, changed or deleted since the last call (only when tracking changes). */
    public List<AlertGroup> drainChanged() {
        List<AlertGroup> out = new ArrayList<>(changedSinceDrain);
        changedSinceDrain.clear();
        return out;
    }

    public Map<String, Integer> ruledOutByRule() {
        return ruledOutByRule;
    }

    public int alertsRuledOut() {
        return alertsRuledOut;
    }

    public int groupsMerged() {
        return groupsMerged;
    }

    public int groupsWithdrawn() {
        return groupsWithdrawn;
    }
}
