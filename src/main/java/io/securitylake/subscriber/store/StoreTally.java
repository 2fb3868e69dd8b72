package io.securitylake.subscriber.store;

/**
 * Where the rows of a batch are counted once its tenant's store holds them: the counts of the object the batch was
 * read from, carried in the batch so that no exchange property need carry them.
 */
public interface StoreTally {

    /** Counts nothing: a batch not read from an object being ingested. */
    StoreTally NONE = new StoreTally() {
        @Override
        public void stored(long rows) {
        }

        @Override
        public void duplicates(long rows) {
        }
    };

    /** Rows the store took. */
    void stored(long rows);

    /** Rows whose event the store held already: not stored again. */
    void duplicates(long rows);
}
