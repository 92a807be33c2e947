package org.alertcorrelator.ingest;

/**
 * Input that cannot be read: a file that is missing, empty or not JSON/CSV text, or (in strict mode) the
 * first bad record. The message names the source and says why; it is meant for the user as it is.
 */
public class InputException extends RuntimeException {
    private final transient RecordError error;

    public InputException(String message) {
        this(message, null, null);
    }

    public InputException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public InputException(RecordError error) {
        this(error.toString(), error, null);
    }

    private InputException(String message, RecordError error, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The bad record that stopped a strict read, else null. */
    public RecordError error() {
        return error;
    }
}
