package io.recsys.experiments.drift;

/**
 * Divergences between two discrete distributions over the same bins (natural logarithms: nats).
 *
 * <p>Empty bins make {@code ln(a/r)} infinite, so PSI and KL first smooth both distributions:
 * every proportion below ε (default {@value #DEFAULT_EPSILON}) is replaced by ε and the vector is
 * renormalised to sum to 1: {@code p'_i = max(p_i, ε) / Σ_j max(p_j, ε)}. Jensen–Shannon needs
 * no smoothing (its mixture M is positive wherever either side is) and uses the raw proportions
 * with {@code 0·ln 0 = 0}.
 * <pre>
 *   PSI(r, a)  = Σ (a_i − r_i) · ln(a_i / r_i)            (= KL(a‖r) + KL(r‖a); Siddiqi 2006, Yurdakul 2018)
 *   KL(P‖Q)    = Σ p_i · ln(p_i / q_i)                    (Kullback and Leibler 1951)
 *   JS(P, Q)   = ½ KL(P‖M) + ½ KL(Q‖M),  M = (P + Q)/2     (Lin 1991; in [0, ln 2])
 * </pre>
 */
public final class Divergence {

    /** Default ε for empty bins. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private Divergence() {
    }

    /**
     * Population stability index of {@code actual} against {@code reference}, with ε = 1e-4.
     *
     * @param reference reference proportions (non-negative, summing to 1)
     * @param actual current proportions over the same bins
     * @return PSI &ge; 0
     * @throws IllegalArgumentException on length mismatch or invalid proportions
     */
    public static double psi(double[] reference, double[] actual) {
        return psi(reference, actual, DEFAULT_EPSILON);
    }

    /**
     * Population stability index with a chosen ε.
     *
     * @param reference reference proportions
     * @param actual current proportions over the same bins
     * @param epsilon replacement for proportions below it, in (0, 1/bins)
     * @return PSI &ge; 0
     * @throws IllegalArgumentException on length mismatch, invalid proportions or ε
     */
    public static double psi(double[] reference, double[] actual, double epsilon) {
        double[] r = smooth(reference, epsilon);
        double[] a = smooth(actual, epsilon);
        check(r, a);
        double sum = 0.0;
        for (int i = 0; i < r.length; i++) {
            sum += (a[i] - r[i]) * Math.log(a[i] / r[i]);
        }
        return Math.max(0.0, sum);
    }

    /**
     * Kullback–Leibler divergence KL(P‖Q) with ε = 1e-4 smoothing.
     *
     * @param p proportions of P
     * @param q proportions of Q over the same bins
     * @return KL &ge; 0, in nats
     * @throws IllegalArgumentException on length mismatch or invalid proportions
     */
    public static double kullbackLeibler(double[] p, double[] q) {
        return kullbackLeibler(p, q, DEFAULT_EPSILON);
    }

    /**
     * Kullback–Leibler divergence KL(P‖Q) with a chosen ε.
     *
     * @param p proportions of P
     * @param q proportions of Q over the same bins
     * @param epsilon replacement for proportions below it
     * @return KL &ge; 0, in nats
     * @throws IllegalArgumentException on length mismatch, invalid proportions or ε
     */
    public static double kullbackLeibler(double[] p, double[] q, double epsilon) {
        double[] ps = smooth(p, epsilon);
        double[] qs = smooth(q, epsilon);
        check(ps, qs);
        return Math.max(0.0, rawKl(ps, qs));
    }

    /**
     * Jensen–Shannon divergence (not its square root, the JS distance).
     *
     * @param p proportions of P
     * @param q proportions of Q over the same bins
     * @return JS in [0, ln 2], in nats
     * @throws IllegalArgumentException on length mismatch or invalid proportions
     */
    public static double jensenShannon(double[] p, double[] q) {
        double[] pn = normalise(p);
        double[] qn = normalise(q);
        check(pn, qn);
        double[] m = new double[pn.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = 0.5 * (pn[i] + qn[i]);
        }
        double js = 0.5 * rawKl(pn, m) + 0.5 * rawKl(qn, m);
        return Math.min(Math.log(2.0), Math.max(0.0, js));
    }

    /**
     * The smoothing applied before PSI and KL.
     *
     * @param proportions non-negative values with a positive sum (normalised first)
     * @param epsilon floor in (0, 1/length)
     * @return {@code max(p_i, ε) / Σ max(p_j, ε)}
     * @throws IllegalArgumentException on invalid proportions or ε
     */
    public static double[] smooth(double[] proportions, double epsilon) {
        if (!(epsilon > 0.0) || epsilon * proportions.length >= 1.0) {
            throw new IllegalArgumentException("epsilon must be in (0, 1/bins) = (0, "
                    + (1.0 / proportions.length) + "), was " + epsilon);
        }
        double[] p = normalise(proportions);
        double sum = 0.0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(p[i], epsilon);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double rawKl(double[] p, double[] q) {
        double sum = 0.0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0.0) {
                sum += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return sum;
    }

    private static double[] normalise(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("need at least one bin");
        }
        double sum = 0.0;
        for (double v : values) {
            if (!(v >= 0.0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("proportions must be finite and >= 0, got " + v);
            }
            sum += v;
        }
        if (sum <= 0.0) {
            throw new IllegalArgumentException("proportions sum to 0: no observations in any bin");
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] / sum;
        }
        return out;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("distributions have different bin counts: "
                    + a.length + " vs " + b.length);
        }
    }
}
