package org.alertcorrelator.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * The alert fields the reader uses, by their names in any of the formats (matched ignoring case; the REST
 * API's camelCase names are the same words). Several fields meaning one thing (AlertDisplayName, DisplayName,
 * AlertName) stay apart so that the mapper can apply "first present wins" in a fixed order.
 */
enum AlertField {
    SYSTEM_ALERT_ID("SystemAlertId"),
    TENANT_ID("TenantId"),
    ALERT_DISPLAY_NAME("AlertDisplayName"),
    DISPLAY_NAME("DisplayName"),
    ALERT_NAME("AlertName"),
    ALERT_TYPE("AlertType"),
    DESCRIPTION("Description"),
    PRODUCT_NAME("ProductName"),
    PROVIDER_NAME("ProviderName"),
    VENDOR_NAME("VendorName"),
    SEVERITY("Severity"),
    ALERT_SEVERITY("AlertSeverity"),
    TACTICS("Tactics"),
    INTENT("Intent"),
    TECHNIQUES("Techniques"),
    START_TIME_UTC("StartTimeUtc"),
    START_TIME("StartTime"),
    END_TIME_UTC("EndTimeUtc"),
    END_TIME("EndTime"),
    TIME_GENERATED_UTC("TimeGeneratedUtc"),
    TIME_GENERATED("TimeGenerated"),
    STATUS("Status"),
    COMPROMISED_ENTITY("CompromisedEntity"),
    AZURE_RESOURCE_ID("AzureResourceId"),
    RESOURCE_ID("ResourceId"),
    RESOURCE_IDENTIFIERS("ResourceIdentifiers"),
    ENTITIES("Entities"),
    // Defender for Cloud / Sentinel mark the vendor's own incidents (Fusion) among alerts.
    IS_INCIDENT("IsIncident"),
    // Fields that only other formats have (Graph security, Defender for Endpoint, Log Analytics query results,
    // Event Hubs envelopes, Activity Log events, API spec examples): a record with one of them at top level
    // is read by VendorRecords instead. They are only noticed, never kept.
    ODATA_TYPE("@odata.type"),
    EVIDENCE("evidence"),
    RECORDS("records"),
    TABLES("tables"),
    ALERTS("alerts"),
    RESPONSES("responses"),
    MACHINE_ID("machineId"),
    ALERT_CREATION_TIME("alertCreationTime"),
    FIRST_ACTIVITY_DATE_TIME("firstActivityDateTime"),
    EVENT_NAME("eventName"),
    META_DATA("metaData"),
    // The ARM envelope of the REST API, and its list page.
    ID("id"),
    NAME("name"),
    TYPE("type"),
    KIND("kind"),
    PROPERTIES("properties"),
    VALUE("value");

    static final int COUNT = values().length;
    static final FieldNameIndex<AlertField> INDEX;

    static {
        Map<String, AlertField> names = new HashMap<>();
        for (AlertField f : values()) names.put(f.label, f);
        INDEX = new FieldNameIndex<>(names);
    }

    /** The name as Defender and Sentinel spell it. */
    final String label;

    AlertField(String label) {
        this.label = label;
    }
}
