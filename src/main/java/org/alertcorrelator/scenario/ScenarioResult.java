package org.alertcorrelator.scenario;

import java.util.List;

/** The outcome of one scenario: passed or not, and the differences, one readable line each. */
public record ScenarioResult(Scenario scenario, boolean passed, List<String> differences, long millis, String error) {
}
