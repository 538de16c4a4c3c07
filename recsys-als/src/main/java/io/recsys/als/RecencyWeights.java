package io.recsys.als;

import io.recsys.als.data.CsrMatrix;
import java.util.Arrays;

/*
 * The recency discount of implicit ALS (see RecencyRule): one factor 0.5^(d / halfLife) per
 * interaction, where d is measured within the user's own history from its most recent
 * interaction. A user's interactions are ordered by (timestamp, item index): item ids are indexed
 * in ascending order, so ties in time fall back to the item id and the order is total and
 * reproducible. Factors are produced aligned with the user-major matrix and with its transpose
 * (CsrMatrix.transpose lists each item's users in increasing order), so both sides of a sweep
 * read the same confidence for the same pair.
 */
final class RecencyWeights {
    private static final double SECONDS_PER_DAY = 86_400.0;

    private RecencyWeights() {
    }

    /**
     * @return the discount of each entry of {@code byUser}, in its entry order
     * @throws IllegalArgumentException when the rule needs timestamps the data does not have
     */
    static float[] byUser(CsrMatrix byUser, RecencyRule rule, double halfLife) {
        int nnz = byUser.nnz();
        float[] out = new float[nnz];
        if (rule == RecencyRule.NONE || (rule == RecencyRule.POSITION && !byUser.hasTimestamps())) {
            Arrays.fill(out, 1f);
            return out;
        }
        if (rule == RecencyRule.AGE_DAYS && !byUser.hasTimestamps()) {
            throw new IllegalArgumentException("recency AGE_DAYS needs timestamps; the interactions have none");
        }
        long[] keys = new long[0];
        float[] byPosition = new float[0];
        for (int row = 0; row < byUser.rows(); row++) {
            int start = byUser.start(row);
            int n = byUser.end(row) - start;
            if (n == 0) {
                continue;
            }
            if (rule == RecencyRule.AGE_DAYS) {
                long latest = Long.MIN_VALUE;
                for (int p = start; p < start + n; p++) {
                    latest = Math.max(latest, byUser.timestamp(p));
                }
                for (int p = start; p < start + n; p++) {
                    double days = (latest - byUser.timestamp(p)) / SECONDS_PER_DAY;
                    out[p] = (float) Math.pow(0.5, days / halfLife);
                }
                continue;
            }
            if (keys.length < n) {
                keys = new long[Math.max(n, keys.length * 2)];
            }
            if (byPosition.length < n) {
                byPosition = new float[Math.max(n, byPosition.length * 2)];
                for (int d = 0; d < byPosition.length; d++) {
                    byPosition[d] = (float) Math.pow(0.5, d / halfLife);
                }
            }
            order(byUser, start, n, keys);
            for (int rank = 0; rank < n; rank++) {
                out[start + (int) keys[rank]] = byPosition[n - 1 - rank];
            }
        }
        return out;
    }

    /**
     * Writes into keys[0..n) the row-local entry offsets sorted by (timestamp, column): entries
     * are stored by increasing column, so a stable order by timestamp is the wanted order.
     * Without timestamps the order is by column.
     */
    static void order(CsrMatrix m, int start, int n, long[] keys) {
        if (!m.hasTimestamps()) {
            for (int q = 0; q < n; q++) {
                keys[q] = q;
            }
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int p = start; p < start + n; p++) {
            min = Math.min(min, m.timestamp(p));
            max = Math.max(max, m.timestamp(p));
        }
        if (max - min >= 0 && max - min < (1L << 31)) {
            // (time offset, entry offset) packed in one long: one primitive sort, ties by column.
            for (int q = 0; q < n; q++) {
                keys[q] = ((m.timestamp(start + q) - min) << 32) | q;
            }
            Arrays.sort(keys, 0, n);
            for (int q = 0; q < n; q++) {
                keys[q] &= 0xFFFF_FFFFL;
            }
            return;
        }
        Integer[] boxed = new Integer[n];
        for (int q = 0; q < n; q++) {
            boxed[q] = q;
        }
        Arrays.sort(boxed, (a, b) -> a.equals(b) ? 0 : m.timestamp(start + a) != m.timestamp(start + b)
                ? Long.compare(m.timestamp(start + a), m.timestamp(start + b)) : Integer.compare(a, b));
        for (int q = 0; q < n; q++) {
            keys[q] = boxed[q];
        }
    }

    /**
     * @return {@code byUserFactors} rearranged into the entry order of {@code byUser.transpose()}
     */
    static float[] byItem(CsrMatrix byUser, float[] byUserFactors) {
        int cols = byUser.cols();
        int[] next = new int[cols + 1];
        for (int p = 0; p < byUser.nnz(); p++) {
            next[byUser.column(p) + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            next[c + 1] += next[c];
        }
        float[] out = new float[byUserFactors.length];
        for (int row = 0; row < byUser.rows(); row++) {
            for (int p = byUser.start(row); p < byUser.end(row); p++) {
                out[next[byUser.column(p)]++] = byUserFactors[p];
            }
        }
        return out;
    }
}
