package org.alertcorrelator.store;

/** What a retention purge removed. */
public record PurgeResult(int alerts, int incidents) {
}
