package io.recsys.experiments.analysis;

/**
 * The two-proportion mixture SPRT of {@link io.recsys.experiments.stats.MixtureSprt} with the
 * variance of θ̂ estimated under the null hypothesis, from the pooled proportion:
 * <pre>
 *   p̄ = (s_A + s_B) / (n_A + n_B),   V = p̄ (1 − p̄) (1/n_A + 1/n_B)
 *   ln Λ = ½ ln(V / (V + τ²)) + θ̂² τ² / (2 V (V + τ²))
 * </pre>
 * Why not the unpooled plug-in variance: when one small arm has no events yet (a canary with 0
 * conversions out of 30 users) the unpooled variance of that arm is 0, V collapses and Λ explodes;
 * in an A/A simulation that alone rolled back 7.5% of equal canaries at alpha 0.05. The pooled
 * variance is the one the null hypothesis implies and keeps the false-rollback rate under alpha
 * ({@code RolloutAaSimulationTest}).
 */
final class PooledMixtureSprt {
    private PooledMixtureSprt() {
    }

    /**
     * @param sA successes of A, in [0, nA]
     * @param nA trials of A, &gt; 0
     * @param sB successes of B, in [0, nB]
     * @param nB trials of B, &gt; 0
     * @param tauSquared the mixing variance τ²
     * @return ln Λ against θ = p_B − p_A = 0; 0 when the pooled proportion is 0 or 1 (no information)
     */
    static double logLikelihoodRatio(long sA, long nA, long sB, long nB, double tauSquared) {
        double pooled = (double) (sA + sB) / (nA + nB);
        double v = pooled * (1.0 - pooled) * (1.0 / nA + 1.0 / nB);
        if (!(v > 0.0)) {
            return 0.0;
        }
        double delta = (double) sB / nB - (double) sA / nA;
        return 0.5 * Math.log(v / (v + tauSquared)) + delta * delta * tauSquared / (2.0 * v * (v + tauSquared));
    }
}
