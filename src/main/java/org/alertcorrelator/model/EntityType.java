package org.alertcorrelator.model;

/**
 * Entity type names as Defender and Sentinel spell them. Types we do not know are kept as they come
 * (lower-case), so a new entity type never breaks reading.
 */
public final class EntityType {
    /** Key: lower-case host name, with its DNS domain when given, else its FQDN, NetBIOS name or Azure resource id. */
    public static final String HOST = "host";
    /** Key: lower-case name@upnsuffix, else AAD object id, else SID, else domain\name, else name. */
    public static final String ACCOUNT = "account";
    /** Key: canonical address text (IPv6 compressed, IPv4-mapped written as IPv4). */
    public static final String IP = "ip";
    /** Key: lower-case directory\name. */
    public static final String FILE = "file";
    /** Key: algorithm:value, lower-case. */
    public static final String FILE_HASH = "filehash";
    public static final String PROCESS = "process";
    public static final String URL = "url";
    /** Key: lower-case Azure resource id. */
    public static final String AZURE_RESOURCE = "azure-resource";
    public static final String MAILBOX = "mailbox";
    public static final String CLOUD_APPLICATION = "cloud-application";
    public static final String DNS = "dns";
    public static final String MALWARE = "malware";
    public static final String REGISTRY_KEY = "registry-key";
    public static final String REGISTRY_VALUE = "registry-value";

    private EntityType() {
    }
}
