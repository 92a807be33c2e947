package org.alertcorrelator.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Which partition a tenant's alerts are in: what Kafka's default partitioner does with the tenant as the record
 * key (murmur2 of the key's bytes). The owner of a partition therefore knows its tenants without asking anyone,
 * and a record whose tenant hashes elsewhere shows that the topic is not keyed by tenant.
 */
public final class TenantPartitioner {
    private TenantPartitioner() {
    }

    public static int partitionOf(String tenant, int partitions) {
        return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
