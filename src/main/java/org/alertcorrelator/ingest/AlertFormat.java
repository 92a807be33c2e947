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
    SENTINEL_CSV
}
