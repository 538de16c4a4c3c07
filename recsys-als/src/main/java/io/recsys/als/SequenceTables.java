package io.recsys.als;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import java.util.Arrays;

/**
 * The two tables of the sequence-aware hybrid, both in compressed-sparse-row form over item and
 * user indices:
 *
 * <ul>
 *   <li>transitions: for item {@code a}, up to {@code successors} items {@code b} that followed
 *       {@code a} within {@code window} positions in some user's history (each occurrence at
 *       distance {@code d} counts {@code 1 / d}), weighted by their share of {@code a}'s total
 *       (row-normalised before the cut), best first (ties by item index);</li>
 *   <li>recent: each user's last {@code recentItems} items, oldest first.</li>
 * </ul>
 *
 * A user's history is ordered by (timestamp, item id); without timestamps by item id. Memory is
 * {@code O(items * successors + users * recentItems)}. The arrays are shared, not copied: treat
 * them as read-only.
 *
 * @param transitionIndptr item row pointers, {@code items + 1} entries
 * @param transitionItems successor item indices
 * @param transitionWeights successor weights
 * @param recentIndptr user row pointers, {@code users + 1} entries
 * @param recentItems recent item indices, oldest first per user
 */
public record SequenceTables(int[] transitionIndptr, int[] transitionItems, float[] transitionWeights,
                             int[] recentIndptr, int[] recentItems) {

    /** Validates the shapes. */
    public SequenceTables {
        if (transitionIndptr.length < 1 || recentIndptr.length < 1
                || transitionItems.length != transitionWeights.length
                || transitionIndptr[transitionIndptr.length - 1] != transitionItems.length
                || recentIndptr[recentIndptr.length - 1] != recentItems.length) {
            throw new IllegalArgumentException("inconsistent sequence tables");
        }
    }

    /**
     * Builds the tables from training interactions.
     *
     * @param data the interactions
     * @param hp window, successors kept and recent items
     * @return the tables
     */
    public static SequenceTables build(Interactions data, SequenceHyperparameters hp) {
        CsrMatrix m = data.byUser();
        int users = data.userCount();
        int items = data.itemCount();
        int[] sequence = new int[m.nnz()];
        long[] keys = new long[16];
        for (int u = 0; u < users; u++) {
            int start = m.start(u);
            int n = m.end(u) - start;
            if (keys.length < n) {
                keys = new long[Math.max(n, keys.length * 2)];
            }
            RecencyWeights.order(m, start, n, keys);
            for (int q = 0; q < n; q++) {
                sequence[start + q] = m.column(start + (int) keys[q]);
            }
        }
        int[] recentIndptr = new int[users + 1];
        for (int u = 0; u < users; u++) {
            recentIndptr[u + 1] = recentIndptr[u] + Math.min(hp.recentItems(), m.end(u) - m.start(u));
        }
        int[] recent = new int[recentIndptr[users]];
        for (int u = 0; u < users; u++) {
            int count = recentIndptr[u + 1] - recentIndptr[u];
            System.arraycopy(sequence, m.end(u) - count, recent, recentIndptr[u], count);
        }
        return transitions(m, sequence, items, hp, recentIndptr, recent);
    }

    private static SequenceTables transitions(CsrMatrix m, int[] sequence, int items, SequenceHyperparameters hp,
                                              int[] recentIndptr, int[] recent) {
        // Group the (a, position of b) pairs by a with a counting sort, then accumulate each a's
        // successors in a dense row and keep the best.
        int w = hp.window();
        int[] start = new int[items + 1];
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.start(u); p < m.end(u); p++) {
                start[sequence[p] + 1] += Math.min(w, m.end(u) - 1 - p);
            }
        }
        for (int i = 0; i < items; i++) {
            start[i + 1] += start[i];
        }
        int[] next = Arrays.copyOf(start, items);
        int[] successor = new int[start[items]];
        float[] weight = new float[start[items]];
        for (int u = 0; u < m.rows(); u++) {
            int end = m.end(u);
            for (int p = m.start(u); p < end; p++) {
                int a = sequence[p];
                for (int d = 1; d <= w && p + d < end; d++) {
                    int slot = next[a]++;
                    successor[slot] = sequence[p + d];
                    weight[slot] = 1f / d;
                }
            }
        }
        int keep = Math.min(hp.successors(), items);
        int[] indptr = new int[items + 1];
        int[] outItems = new int[(int) Math.min((long) items * keep, start[items])];
        float[] outWeights = new float[outItems.length];
        float[] acc = new float[items];
        int[] touched = new int[items];
        Integer[] order = new Integer[items];
        int out = 0;
        for (int a = 0; a < items; a++) {
            int n = 0;
            double total = 0;
            for (int s = start[a]; s < start[a + 1]; s++) {
                int b = successor[s];
                if (b == a) {
                    continue;
                }
                if (acc[b] == 0f) {
                    touched[n++] = b;
                }
                acc[b] += weight[s];
                total += weight[s];
            }
            for (int q = 0; q < n; q++) {
                order[q] = touched[q];
            }
            Arrays.sort(order, 0, n, (x, y) -> acc[x] != acc[y] ? Float.compare(acc[y], acc[x]) : Integer.compare(x, y));
            int kept = Math.min(keep, n);
            for (int q = 0; q < kept; q++) {
                outItems[out] = order[q];
                outWeights[out] = (float) (acc[order[q]] / total);
                out++;
            }
            for (int q = 0; q < n; q++) {
                acc[touched[q]] = 0f;
            }
            indptr[a + 1] = out;
        }
        return new SequenceTables(indptr, Arrays.copyOf(outItems, out), Arrays.copyOf(outWeights, out), recentIndptr,
                recent);
    }

    /** @return the number of items the transition table covers */
    public int itemCount() {
        return transitionIndptr.length - 1;
    }

    /** @return the number of users with recent items */
    public int userCount() {
        return recentIndptr.length - 1;
    }
}
