package org.alertcorrelator.ruleset;

import java.util.List;

import org.alertcorrelator.model.Tactic;

/**
 * What the reference table knows of an alert's tactics. A record rather than a bare list, because DRL's
 * {@code from} would iterate a list instead of matching it.
 */
public record KnownTactics(List<Tactic> tactics) {
    public boolean isEmpty() {
        return tactics.isEmpty();
    }
}
