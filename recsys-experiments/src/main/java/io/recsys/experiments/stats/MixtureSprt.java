package io.recsys.experiments.stats;

/**
 * Always-valid sequential test for the difference of two proportions {@code θ = p_B − p_A}: the
 * normal-mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh, "Always
 * Valid Inference: Continuous Monitoring of A/B Tests" (Operations Research 70(3), 2022; arXiv
 * 1512.04922, 2015/2017), the method behind Optimizely's Stats Engine.
 *
 * <p>At a look with θ̂ = p̂_B − p̂_A and its estimated variance V = p̂_A q̂_A/n_A + p̂_B q̂_B/n_B,
 * mixing the alternative θ over N(0, τ²) gives the likelihood ratio against H0: θ = 0
 * (Johari et al., eq. 11, with the normal approximation to θ̂):
 * <pre>
 *   Λ = √(V / (V + τ²)) · exp( θ̂² τ² / (2 V (V + τ²)) )
 *   always-valid p-value:  p_t = min(p_{t−1}, 1/Λ_t),  p_0 = 1   (non-increasing in t)
 *   confidence sequence:   θ̂ ± √( V (V + τ²)/τ² · ( 2 ln(1/α) + ln((V + τ²)/V) ) )
 * </pre>
 * Because Λ is a nonnegative martingale under H0, Ville's inequality gives
 * {@code P(∃t: Λ_t ≥ 1/α) ≤ α}: the experimenter may look after every request and stop the
 * first time {@code p_t < α} without inflating the false-positive rate beyond α. A fixed-horizon
 * z-test used that way is not valid (every extra look is another chance of a false positive).
 *
 * <p>τ² is the mixing variance: the power is best for effects of size about τ. The default
 * {@code τ = 0.01} matches the decision rules' practical threshold of one percentage point.
 * When V = 0 (each arm all successes or all failures) there is no information: Λ = 1 and the
 * confidence sequence is the whole range [−1, 1].
 */
public final class MixtureSprt {

    /** Default mixing standard deviation τ. */
    public static final double DEFAULT_TAU = 0.01;

    private final double tauSquared;
    private final double alpha;

    /**
     * @param tau mixing standard deviation τ &gt; 0 (on the scale of p_B − p_A)
     * @param alpha significance level in (0, 1)
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public MixtureSprt(double tau, double alpha) {
        Power.positive("tau", tau);
        this.tauSquared = tau * tau;
        this.alpha = Checks.probability("alpha", alpha);
    }

    /** @return the test with τ = 0.01 and α = 0.05 */
    public static MixtureSprt defaults() {
        return new MixtureSprt(DEFAULT_TAU, 0.05);
    }

    /** @return the mixing standard deviation τ */
    public double tau() {
        return Math.sqrt(tauSquared);
    }

    /** @return the significance level α */
    public double alpha() {
        return alpha;
    }

    /**
     * One look at cumulative counts.
     *
     * @param delta θ̂ = p̂_B − p̂_A
     * @param variance V, the estimated variance of θ̂
     * @param logLikelihoodRatio ln Λ at this look
     * @param pValue {@code min(1, 1/Λ)} at this look alone
     * @param csLower lower end of the (1 − α) confidence sequence at this look
     * @param csUpper upper end of the (1 − α) confidence sequence at this look
     */
    public record Look(double delta, double variance, double logLikelihoodRatio, double pValue,
            double csLower, double csUpper) {
    }

    /**
     * Evaluates one look. Counts are cumulative since the start of the experiment.
     *
     * @param successesA successes in A
     * @param trialsA trials in A, &gt; 0
     * @param successesB successes in B
     * @param trialsB trials in B, &gt; 0
     * @return the look
     * @throws IllegalArgumentException if an arm is empty or counts are out of range
     */
    public Look look(long successesA, long trialsA, long successesB, long trialsB) {
        Checks.counts("arm A", successesA, trialsA);
        Checks.counts("arm B", successesB, trialsB);
        double pA = (double) successesA / trialsA;
        double pB = (double) successesB / trialsB;
        double delta = pB - pA;
        double v = pA * (1.0 - pA) / trialsA + pB * (1.0 - pB) / trialsB;
        if (v == 0.0) {
            return new Look(delta, 0.0, 0.0, 1.0, -1.0, 1.0);
        }
        double logLambda = 0.5 * Math.log(v / (v + tauSquared))
                + delta * delta * tauSquared / (2.0 * v * (v + tauSquared));
        double p = Math.min(1.0, Math.exp(-logLambda));
        double halfWidth = Math.sqrt(v * (v + tauSquared) / tauSquared
                * (2.0 * Math.log(1.0 / alpha) + Math.log((v + tauSquared) / v)));
        return new Look(delta, v, logLambda, p, Math.max(-1.0, delta - halfWidth),
                Math.min(1.0, delta + halfWidth));
    }

    /** @return a fresh monitor that keeps the running always-valid p-value */
    public Monitor monitor() {
        return new Monitor(this);
    }

    /**
     * Running state of one experiment: feed it cumulative counts at every look, in time order.
     * Not thread-safe.
     */
    public static final class Monitor {
        private final MixtureSprt test;
        private double pValue = 1.0;
        private int looks;
        private Look last;
        private long lastSuccessesA;
        private long lastTrialsA;
        private long lastSuccessesB;
        private long lastTrialsB;

        private Monitor(MixtureSprt test) {
            this.test = test;
        }

        /**
         * Records a look at cumulative counts; looks with an empty arm are counted but carry no
         * evidence.
         *
         * @param successesA cumulative successes in A
         * @param trialsA cumulative trials in A
         * @param successesB cumulative successes in B
         * @param trialsB cumulative trials in B
         * @return the always-valid p-value after this look
         * @throws IllegalArgumentException if successes are outside [0, trials] (also for an
         *     arm with 0 trials) or a cumulative count is smaller than at the previous look
         */
        public double observe(long successesA, long trialsA, long successesB, long trialsB) {
            cumulative("arm A", successesA, trialsA, lastSuccessesA, lastTrialsA);
            cumulative("arm B", successesB, trialsB, lastSuccessesB, lastTrialsB);
            lastSuccessesA = successesA;
            lastTrialsA = trialsA;
            lastSuccessesB = successesB;
            lastTrialsB = trialsB;
            looks++;
            if (trialsA == 0 || trialsB == 0) {
                return pValue;
            }
            last = test.look(successesA, trialsA, successesB, trialsB);
            pValue = Math.min(pValue, last.pValue());
            return pValue;
        }

        private static void cumulative(String arm, long successes, long trials, long lastSuccesses,
                long lastTrials) {
            if (trials < 0 || successes < 0 || successes > trials) {
                throw new IllegalArgumentException(arm + " successes must be in [0, trials] and trials >= 0: "
                        + "successes = " + successes + ", trials = " + trials);
            }
            if (trials < lastTrials || successes < lastSuccesses) {
                throw new IllegalArgumentException(arm + " counts must be cumulative (never decreasing): "
                        + "trials " + lastTrials + " -> " + trials + ", successes " + lastSuccesses
                        + " -> " + successes);
            }
        }

        /** @return the always-valid p-value: the minimum of 1/Λ over all looks so far */
        public double pValue() {
            return pValue;
        }

        /** @return whether the always-valid p-value is below α */
        public boolean rejected() {
            return pValue < test.alpha;
        }

        /** @return the number of looks observed */
        public int looks() {
            return looks;
        }

        /** @return the most recent look with both arms non-empty, or null */
        public Look lastLook() {
            return last;
        }
    }
}
