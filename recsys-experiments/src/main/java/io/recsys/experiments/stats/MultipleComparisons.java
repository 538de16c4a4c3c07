package io.recsys.experiments.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for testing several hypotheses at once (several metrics or several
 * treatment arms), returned in the input order. Reject hypothesis i at level α when its
 * adjusted p-value is below α.
 *
 * <p>With p-values sorted ascending, p_(1) ≤ … ≤ p_(m):
 * <ul>
 *   <li>Holm–Bonferroni (Holm 1979, Scand. J. Statist. 6:65–70), controls the family-wise error
 *       rate: {@code p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j))}.
 *   <li>Benjamini–Hochberg (1995, JRSS B 57:289–300), controls the false discovery rate for
 *       independent or positively dependent tests: {@code p̃_(i) = min_{j ≥ i} min(1, m·p_(j)/j)}.
 * </ul>
 * Both equal R's {@code p.adjust(p, "holm")} and {@code p.adjust(p, "BH")}.
 */
public final class MultipleComparisons {

    private MultipleComparisons() {
    }

    /**
     * @param pValues p-values in [0, 1] (not modified)
     * @return Holm-adjusted p-values, in the input order
     * @throws IllegalArgumentException if the array is null or a p-value is outside [0, 1] or NaN
     */
    public static double[] holm(double[] pValues) {
        int[] order = ascending(pValues);
        int m = pValues.length;
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * @param pValues p-values in [0, 1] (not modified)
     * @return Benjamini–Hochberg-adjusted p-values (q-values), in the input order
     * @throws IllegalArgumentException if the array is null or a p-value is outside [0, 1] or NaN
     */
    public static double[] benjaminiHochberg(double[] pValues) {
        int[] order = ascending(pValues);
        int m = pValues.length;
        double[] adjusted = new double[m];
        double running = 1.0;
        for (int rank = m - 1; rank >= 0; rank--) {
            int i = order[rank];
            running = Math.min(running, Math.min(1.0, (double) m * pValues[i] / (rank + 1)));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static int[] ascending(double[] pValues) {
        if (pValues == null) {
            throw new IllegalArgumentException("p-values are null; pass an array (possibly empty)");
        }
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0.0 && pValues[i] <= 1.0)) {
                throw new IllegalArgumentException("p-value " + i + " must be in [0, 1], was " + pValues[i]);
            }
        }
        Integer[] boxed = IntStream.range(0, pValues.length).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble(i -> pValues[i]));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }
}
