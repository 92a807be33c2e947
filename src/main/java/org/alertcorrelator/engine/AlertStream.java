package org.alertcorrelator.engine;

import java.util.Map;

import org.alertcorrelator.model.Alert;
import org.drools.base.base.ClassObjectType;
import org.drools.base.base.ObjectType;
import org.drools.base.rule.EntryPointId;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.ObjectTypeNode;
import org.kie.api.KieBase;

/**
 * The stream of alerts (the default entry point, where an alert is an event until it expires, 10-events.drl), the
 * global {@code stream}: tells the last rule about an alert whether anything in the rule set matches alerts there
 * (a pattern on {@code Alert} in a rule, a query, an accumulate or collect, {@code not} or {@code exists}).
 *
 * <p>Why ask: an alert in the stream is an insert, a fact handle, an expiry job in the session clock's queue and a
 * retraction a window later, and it holds the alert in memory for that window. With no rule to match it that is
 * work for nothing: the default rules relate alerts through entity tracks and groups, never through the stream,
 * and a 1M-alert replay spends a sixth of its CPU time and a third of its collection pauses on it.
 */
public final class AlertStream {
    private final boolean matched;

    AlertStream(boolean matched) {
        this.matched = matched;
    }

    /** The stream of alerts of sessions of this rule base. */
    public static AlertStream of(KieBase kieBase) {
        return new AlertStream(matchesAlerts(kieBase));
    }

    /** True when a rule, query or accumulate of the rule base matches alerts in the stream. */
    public boolean isMatched() {
        return matched;
    }

    // A type node exists for every type a pattern names in the entry point (Alert, or a type Alert is, such as
    // Object); it has sinks when a rule or query reads from it.
    private static boolean matchesAlerts(KieBase kieBase) {
        Map<ObjectType, ObjectTypeNode> nodes = ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes(EntryPointId.DEFAULT);
        for (Map.Entry<ObjectType, ObjectTypeNode> e : nodes.entrySet()) {
            if (e.getKey() instanceof ClassObjectType type && type.getClassType().isAssignableFrom(Alert.class)
                    && e.getValue().getObjectSinkPropagator().size() > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return matched ? "AlertStream[matched]" : "AlertStream[no rule matches alerts]";
    }
}
