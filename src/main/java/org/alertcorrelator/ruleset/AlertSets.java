package org.alertcorrelator.ruleset;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

import org.alertcorrelator.model.Alert;
import org.alertcorrelator.model.Entity;
import org.alertcorrelator.model.Tactic;

/**
 * Counting helpers for rules that relate several alerts (a {@code collect} or {@code accumulate} result, and
 * the alert being processed). Each takes alerts or lists of alerts in any mix, as {@code new Raise(...)} does.
 * Import them into DRL with {@code import function org.alertcorrelator.ruleset.AlertSets.distinctHosts}.
 */
public final class AlertSets {
    private AlertSets() {
    }

    /** How many distinct hosts the alerts happened on ({@code Alert.hostKeys}). */
    public static int distinctHosts(Object... alerts) {
        return count(alerts, (a, out) -> out.addAll(a.getHostKeys()));
    }

    /** How many distinct tactics the alerts carry. */
    public static int distinctTactics(Object... alerts) {
        return count(alerts, (a, out) -> out.addAll(a.getTactics()));
    }

    /** How many distinct entities of {@code type} (an {@code EntityType} constant) the alerts name. */
    public static int distinctEntities(String type, Object... alerts) {
        return count(alerts, (a, out) -> {
            for (Entity e : a.getEntities()) if (e.isA(type)) out.add(e.key());
        });
    }

    /** True when one of the alerts carries the tactic. */
    public static boolean anyHasTactic(Tactic tactic, Object... alerts) {
        return count(alerts, (a, out) -> {
            if (a.getTactics().contains(tactic)) out.add(Boolean.TRUE);
        }) > 0;
    }

    private static int count(Object[] alerts, BiConsumer<Alert, Set<Object>> add) {
        Set<Object> seen = new HashSet<>();
        Set<Alert> done = new HashSet<>();
        if (alerts != null) for (Object o : alerts) visit(o, seen, done, add);
        return seen.size();
    }

    private static void visit(Object o, Set<Object> seen, Set<Alert> done, BiConsumer<Alert, Set<Object>> add) {
        if (o instanceof Alert a) {
            if (done.add(a)) add.accept(a, seen);
        } else if (o instanceof Collection<?> c) {
            for (Object e : c) visit(e, seen, done, add);
        } else if (o instanceof Object[] array) {
            for (Object e : array) visit(e, seen, done, add);
        } else if (o != null) {
            throw new IllegalArgumentException(o.getClass().getSimpleName() + " given where an Alert or a list of alerts was expected");
        }
    }
}
