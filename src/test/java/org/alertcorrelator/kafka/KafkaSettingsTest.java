package org.alertcorrelator.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.alertcorrelator.service.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @Test
    void withoutBootstrapServersServeStaysOnHttp(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "port = 8080\n");
        KafkaSettings s = KafkaSettings.load(f, Map.of());
        assertFalse(s.enabled());
        assertEquals(List.of("alerts"), s.topics());
        assertEquals("alerts", s.correlatedTopic());
        assertFalse(s.rekeys());
    }

    @Test
    void severalTopicsOrUnkeyedOnesAreRekeyedAndClientPropertiesPassThrough(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, String.join("\n", "kafka.bootstrap-servers = ns.servicebus.windows.net:9093",
                "kafka.topics = export-a, export-b", "kafka.group-id = g1", "kafka.security.protocol = SASL_SSL",
                "kafka.sasl.mechanism = PLAIN", "kafka.session.timeout.ms = 10000", ""));
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\" password=\"Endpoint=sb://x/\";";
        KafkaSettings s = KafkaSettings.load(f, Map.of("ALERTCORRELATOR_KAFKA_SASL_JAAS_CONFIG", jaas));
        assertTrue(s.enabled());
        assertTrue(s.rekeys());
        assertEquals("g1-alerts-by-tenant", s.correlatedTopic());
        assertEquals("SASL_SSL", s.clientProperties().get("security.protocol"));
        assertEquals("PLAIN", s.clientProperties().get("sasl.mechanism"));
        assertEquals(jaas, s.clientProperties().get("sasl.jaas.config"));
        assertEquals("10000", s.clientProperties().get("session.timeout.ms"));
        assertFalse(s.clientProperties().containsKey("bootstrap-servers"), "named settings are not client properties");

        Files.writeString(f, "kafka.bootstrap-servers = b:9092\nkafka.keyed-by-tenant = false\n");
        assertTrue(KafkaSettings.load(f, Map.of()).rekeys(), "one unkeyed topic is re-keyed");
    }

    @Test
    void aBadValueNamesWhereItCameFrom(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "kafka.bootstrap-servers = b:9092\nkafka.topics = alerts/../x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> KafkaSettings.load(f, Map.of()));
        assertTrue(e.getMessage().contains("kafka.topics") && e.getMessage().contains("alerts/../x"), e.getMessage());
        ConfigException k = assertThrows(ConfigException.class,
                () -> KafkaSettings.load(f, Map.of("ALERTCORRELATOR_KAFKA_TOPICS", "a", "ALERTCORRELATOR_KAFKA_KEYED_BY_TENANT", "maybe")));
        assertTrue(k.getMessage().startsWith("ALERTCORRELATOR_KAFKA_KEYED_BY_TENANT"), k.getMessage());
        assertThrows(ConfigException.class, () -> KafkaSettings.load(f, Map.of("ALERTCORRELATOR_KAFKA_TOPICS", " , ")));
    }

    @Test
    void aTenantsPartitionIsKafkasDefaultPartitionerOnItsId() {
        // murmur2 as Kafka's producer computes it for a String key (values checked against a broker in KafkaServeTest)
        int p = TenantPartitioner.partitionOf("3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e01", 12);
        assertTrue(p >= 0 && p < 12);
        assertEquals(p, TenantPartitioner.partitionOf("3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e01", 12));
        assertEquals(0, TenantPartitioner.partitionOf("anything", 1));
    }
}
