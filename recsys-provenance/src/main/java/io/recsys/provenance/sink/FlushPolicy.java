package io.recsys.provenance.sink;

/**
 * When a {@link JsonLinesSink} hands buffered lines to the operating system.
 *
 * @param everyRecords flush after this many records; 0 means only on an explicit
 *     {@code flush()} (e.g. called on an interval by the application) and on close
 */
public record FlushPolicy(int everyRecords) {

    /** @throws IllegalArgumentException when negative */
    public FlushPolicy {
        if (everyRecords < 0) {
            throw new IllegalArgumentException("everyRecords must be >= 0, got " + everyRecords);
        }
    }

    /** @return flush after every record (the default; a killed process loses nothing written) */
    public static FlushPolicy everyRecord() {
        return new FlushPolicy(1);
    }

    /**
     * @param n records per flush, at least 1
     * @return flush after every {@code n} records
     */
    public static FlushPolicy every(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        return new FlushPolicy(n);
    }

    /** @return flush only when {@code flush()} or {@code close()} is called */
    public static FlushPolicy manual() {
        return new FlushPolicy(0);
    }
}
