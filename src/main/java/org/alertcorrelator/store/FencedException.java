package org.alertcorrelator.store;

/**
 * A write for a partition that another member owns now: the partition's owner epoch in the store moved past the
 * writer's (see {@link StoreTx#checkPartitionOwner}). Nothing of the transaction was committed; the writer must
 * drop what it holds of the partition, as its new owner rebuilt it from the store.
 */
public final class FencedException extends StoreException {
    private final String partition;

    public FencedException(String partition, long epoch) {
        super("partition " + partition + " is owned by another member now (owner epoch moved past " + epoch + ")");
        this.partition = partition;
    }

    /** The name of the partition (its restart point's name). */
    public String partition() {
        return partition;
    }
}
