package org.alertcorrelator.model;

/**
 * What an alert's record says of one of its entities beyond its key, shown but never compared.
 *
 * @param value             the entity as the record wrote it, when its key was normalised away from that (a
 *                          command line or file path in its own case); null when the key is the value
 * @param verdict           the product's verdict on the evidence (Graph {@code verdict}: malicious, suspicious,
 *                          noThreatsFound, unknown), as written; null when the record has none
 * @param remediationStatus what the product did about it (Graph {@code remediationStatus}: remediated,
 *                          prevented, blocked, none, notFound), as written; null when the record has none
 */
public record EntityDetails(String value, String verdict, String remediationStatus) {

    /** Null when there is nothing to keep (no value of its own, no verdict, no remediation status). */
    public static EntityDetails of(String value, String verdict, String remediationStatus) {
        if (value == null && verdict == null && remediationStatus == null) return null;
        return new EntityDetails(value, verdict, remediationStatus);
    }
}
