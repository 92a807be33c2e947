package org.alertcorrelator.ingest;

/** The alert formats the reader recognises, told apart by content (never by file name). */
public enum AlertFormat {
    /** Defender for Cloud REST API: the ARM envelope {@code {id, name, type, properties: {...}}}. */
    DEFENDER_REST,
    /** Defender for Cloud continuous export / workflow automation: flat PascalCase fields, entities as JSON. */
    DEFENDER_EXPORT,
    /** Sentinel / Log Analytics SecurityAlert rows as JSON: entities and extended properties held in strings. */
    SENTINEL_JSON,
    /** Sentinel / Log Analytics SecurityAlert rows as CSV. */
    SENTINEL_CSV,
    /** Microsoft Graph security {@code alerts_v2} (Defender XDR), alone, in a list page, or inside an incident. */
    GRAPH_ALERT,
    /** Microsoft Defender for Endpoint {@code /api/alerts}. */
    DEFENDER_ENDPOINT,
    /** Log Analytics query API results whose columns are the SecurityAlert table's. */
    LOG_ANALYTICS,
    /** Defender for Cloud alerts as Azure Activity Log events (REST form or Event Hubs resource-log form). */
    ACTIVITY_LOG,
    /** Sentinel SecurityInsights API alert entities ({@code kind: SecurityAlert}). */
    SENTINEL_API
}
