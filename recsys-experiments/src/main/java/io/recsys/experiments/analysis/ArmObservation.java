package io.recsys.experiments.analysis;

/**
 * What one arm did since its analysis started (or since the process started, after a restart).
 *
 * @param requests served and failed requests
 * @param errors failed requests
 * @param exposedUsers distinct users served by this arm
 * @param convertedUsers distinct users with a conversion attributed to this arm
 * @param stepUsers distinct users served by this arm in the current step
 * @param latencyBuckets latency histogram counts ({@link LatencyHistogram} buckets)
 */
public record ArmObservation(long requests, long errors, long exposedUsers, long convertedUsers, long stepUsers,
        long[] latencyBuckets) {

    /** Validates the counts and copies the histogram. */
    public ArmObservation {
        if (requests < 0 || errors < 0 || errors > requests || exposedUsers < 0 || convertedUsers < 0
                || convertedUsers > exposedUsers || stepUsers < 0) {
            throw new IllegalArgumentException("inconsistent arm counts: requests " + requests + ", errors " + errors
                    + ", exposed users " + exposedUsers + ", converted users " + convertedUsers + ", step users "
                    + stepUsers);
        }
        latencyBuckets = latencyBuckets == null ? new long[LatencyHistogram.BUCKETS] : latencyBuckets.clone();
        if (latencyBuckets.length != LatencyHistogram.BUCKETS) {
            throw new IllegalArgumentException("latency histogram must have " + LatencyHistogram.BUCKETS
                    + " buckets, has " + latencyBuckets.length);
        }
    }

    /** @return an arm that saw nothing */
    public static ArmObservation empty() {
        return new ArmObservation(0, 0, 0, 0, 0, null);
    }

    /** @return a copy of the latency histogram counts */
    @Override
    public long[] latencyBuckets() {
        return latencyBuckets.clone();
    }
}
