package org.alertcorrelator.ingest;

/**
 * Why one record cannot be read, raised while reading it and turned into a {@link RecordError} by whoever
 * knows the record's place in its source. Without a stack trace: bad records are ordinary input, and a file of
 * them should not cost a stack walk each.
 */
final class RecordProblem extends Exception {
    private final String field;

    RecordProblem(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}
