package org.alertcorrelator.ingest;

import java.util.HashMap;
import java.util.Map;

/** The entity fields that keys are made of, matched ignoring case (REST writes {@code hostName}, exports {@code HostName}). */
enum EntityField {
    TYPE("Type"),
    // Json.NET's reference handling: an object's own id, and an object that only refers to another.
    REF_ID("$id"),
    REF("$ref"),
    HOST_NAME("HostName"),
    DNS_DOMAIN("DnsDomain"),
    FQDN("FQDN"),
    NET_BIOS_NAME("NetBiosName"),
    AZURE_ID("AzureID"),
    NAME("Name"),
    UPN_SUFFIX("UPNSuffix"),
    AAD_USER_ID("AadUserId"),
    SID("Sid"),
    NT_DOMAIN("NTDomain"),
    ADDRESS("Address"),
    DIRECTORY("Directory"),
    ALGORITHM("Algorithm"),
    VALUE("Value"),
    URL("Url"),
    URI("Uri"),
    RESOURCE_ID("ResourceId"),
    MAILBOX_PRIMARY_ADDRESS("MailboxPrimaryAddress"),
    UPN("Upn"),
    AAD_ID("AadId"),
    APP_ID("AppId"),
    DOMAIN_NAME("DomainName"),
    HIVE("Hive"),
    KEY("Key"),
    COMMAND_LINE("CommandLine"),
    IMAGE_FILE("ImageFile"),
    PROCESS_ID("ProcessId"),
    ID("Id"),
    DISPLAY_NAME("DisplayName"),
    // An account's host (Linux accounts are keyed by host and name).
    HOST("Host");

    static final FieldNameIndex<EntityField> INDEX;

    static {
        Map<String, EntityField> names = new HashMap<>();
        for (EntityField f : values()) names.put(f.label, f);
        names.put("FullyQualifiedDomainName", FQDN);
        INDEX = new FieldNameIndex<>(names);
    }

    final String label;

    EntityField(String label) {
        this.label = label;
    }
}
