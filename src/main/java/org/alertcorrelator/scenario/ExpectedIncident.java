package org.alertcorrelator.scenario;

import java.util.List;

/**
 * One incident a scenario expects: the alerts it must hold, and optionally its tactics (in kill-chain order),
 * severity and kind. Fields left out are not checked.
 */
public record ExpectedIncident(List<String> alertIds, List<String> tactics, String severity, String kind) {
}
