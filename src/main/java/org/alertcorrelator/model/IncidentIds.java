package org.alertcorrelator.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Incident ids are derived, never drawn: the same tenant and earliest alert give the same id on every run,
 * in replay and in the service alike.
 */
public final class IncidentIds {
    private IncidentIds() {
    }

    public static String derive(String tenant, String earliestAlertId) {
        return UUID.nameUUIDFromBytes((tenant + "/" + earliestAlertId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
