package org.alertcorrelator.ingest;

import org.alertcorrelator.model.Alert;

/**
 * One alert as read, with what it came from.
 *
 * @param alert    the normalised alert
 * @param original the record's own text: the JSON object as it was (one JSON-lines line verbatim, else the
 *                 object re-serialised), or for CSV the row as a JSON object of column to value
 * @param origin   where it was read: {@code file:line} for JSON lines and CSV, {@code file#n} (n-th record,
 *                 from 1) for JSON documents
 */
public record AlertRecord(Alert alert, String original, String origin) {
}
