package org.alertcorrelator.ingest;

/** Receives records one by one as a source is read (see {@link AlertReader#stream}). */
@FunctionalInterface
public interface RecordSink {
    void accept(AlertRecord record);
}
