package io.recsys.rollout;

/** Small statistics the routing tests compute themselves. */
final class Stats {
    /** Chi-square critical value for one degree of freedom at significance 0.001. */
    static final double CHI2_DF1_CRITICAL_0_001 = 10.828;

    private Stats() {
    }

    /**
     * Pearson's chi-square statistic of independence for a 2x2 table (no continuity correction;
     * the tables here have a million observations).
     *
     * @param table counts, {@code table[row][col]}
     * @return the statistic, with one degree of freedom
     */
    static double chiSquare2x2(long[][] table) {
        double n = table[0][0] + table[0][1] + table[1][0] + table[1][1];
        double chi2 = 0;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                double rowTotal = table[r][0] + table[r][1];
                double colTotal = table[0][c] + table[1][c];
                double expected = rowTotal * colTotal / n;
                double d = table[r][c] - expected;
                chi2 += d * d / expected;
            }
        }
        return chi2;
    }
}
