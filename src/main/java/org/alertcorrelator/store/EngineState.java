package org.alertcorrelator.store;

/**
 * What a restart needs to rebuild the live rule session: replay the stored alerts from {@code replayWatermark}
 * up to the release mark into a fresh session, move its clock to {@code clock}, and put the alerts above the
 * mark back into the reorder buffer.
 *
 * @param replayWatermark {@link org.alertcorrelator.engine.Correlator#replayWatermark()} when last saved
 * @param mark            the key of the last alert released to the session (everything at or below it was processed)
 * @param clock           the session's event-time clock (epoch ms)
 * @param ruleVersion     the rule set version the session ran
 */
public record EngineState(long replayWatermark, AlertKey mark, long clock, String ruleVersion) {
}
