package org.alertcorrelator.store;

/**
 * One line of an incident's history: who (a token's name, or "correlator" for the engine), when (epoch ms),
 * what (an action such as opened, update, reopened, merged) and the details as a JSON object.
 */
public record HistoryEntry(long at, String actor, String action, String details) {
}
