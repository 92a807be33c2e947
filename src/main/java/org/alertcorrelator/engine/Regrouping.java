package org.alertcorrelator.engine;

import java.util.List;

import org.alertcorrelator.model.AlertGroup;

/**
 * What withdrawing an entity's links did to the live groups, for the rule to tell working memory: groups that
 * changed (some may be left with fewer than two alerts: they dissolve), and new groups split off.
 */
public record Regrouping(List<AlertGroup> changed, List<AlertGroup> opened) {
}
