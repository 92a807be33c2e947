package org.alertcorrelator.service;

import org.alertcorrelator.model.Alert;

/** Where the ingest hands alerts once they are stored: the live engine. */
public interface AlertSink {
    /**
     * @param seq         the alert's place in the store's commit order
     * @param replacement true when this is a later version of an alert already stored
     */
    void stored(long seq, Alert alert, boolean replacement);
}
