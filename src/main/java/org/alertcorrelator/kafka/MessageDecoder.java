package org.alertcorrelator.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.alertcorrelator.ingest.AlertReader;
import org.alertcorrelator.ingest.InputException;
import org.alertcorrelator.ingest.ReadResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the alerts of one Kafka message: one record or many, in any format the readers know (Defender REST,
 * continuous export, Sentinel rows; JSON, JSON lines or CSV), including the {@code {"records": [...]}} envelope
 * that Event Hubs exports carry. Errors name the message as {@code topic-partition@offset}.
 */
final class MessageDecoder {
    private final AlertReader reader = new AlertReader();
    private final ObjectMapper json = new ObjectMapper();

    /** @throws InputException when the message is no alert text at all */
    ReadResult decode(String source, byte[] value) {
        if (value == null || value.length == 0) throw new InputException(source + ": empty message");
        byte[] content = unwrapRecords(value);
        return reader.read(source, new ByteArrayInputStream(content), false);
    }

    /** {"records": [...]} (Event Hubs, Azure Monitor export): the array alone. */
    private byte[] unwrapRecords(byte[] value) {
        int i = 0;
        while (i < value.length && Character.isWhitespace(value[i])) i++;
        if (i >= value.length || value[i] != '{') return value;
        // Only look when the text names "records" near the start; most messages are one alert.
        String head = new String(value, i, Math.min(64, value.length - i), java.nio.charset.StandardCharsets.UTF_8);
        if (!head.replace(" ", "").startsWith("{\"records\"")) return value;
        try {
            JsonNode root = json.readTree(value);
            JsonNode records = root == null ? null : root.get("records");
            if (records != null && records.isArray() && root.size() == 1) return json.writeValueAsBytes(records);
        } catch (IOException e) {
            // not JSON after all: the reader says what is wrong with it
        }
        return value;
    }
}
