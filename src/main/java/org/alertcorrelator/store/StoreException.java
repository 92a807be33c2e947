package org.alertcorrelator.store;

/** The store failed (unreachable, full, or a statement the database refused). The message is for an operator. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
