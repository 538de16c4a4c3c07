package io.recsys.experiments.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Seeded nonparametric bootstrap confidence intervals for any statistic of one sample, or for
 * the difference {@code statistic(B) − statistic(A)} of two independent samples (for example the
 * p95 latency of B minus that of A).
 *
 * <p>Every call starts a fresh {@link SplittableRandom} from the configured seed, so the same
 * input gives the same interval. The array handed to the statistic is a reused buffer that the
 * statistic may reorder (e.g. sort in place) but must not keep.
 *
 * <p>Methods (Efron and Tibshirani, <i>An Introduction to the Bootstrap</i>, 1993):
 * <ul>
 *   <li>{@link Method#PERCENTILE} (§13.3): the α/2 and 1−α/2 quantiles of the B bootstrap
 *       replicates θ*, by {@link Quantiles type-7} interpolation.
 *   <li>{@link Method#BCA} (bias-corrected and accelerated, Efron 1987, JASA 82:171–185; §14.3):
 *       <pre>
 *   z0 = Φ⁻¹( (#{θ* &lt; θ̂} + ½ #{θ* = θ̂}) / B )          (clamped to [½/B, 1 − ½/B])
 *   U_i = (n_g − 1)(θ̄_(·) − θ_(i))                             (jackknife, per sample g)
 *   a  = Σ_g Σ_i U_i³ / n_g³  /  ( 6 · (Σ_g Σ_i U_i² / n_g²)^{3/2} )   (eq. 14.15; for one
 *        sample this is Σ U³ / (6 (Σ U²)^{3/2}))
 *   α1 = Φ( z0 + (z0 + z_{α/2}) / (1 − a(z0 + z_{α/2})) ),  α2 likewise with z_{1−α/2}
 *   interval = (θ*_(α1), θ*_(α2))
 *       </pre>
 *       The jackknife costs n evaluations of the statistic per sample. For non-smooth statistics
 *       such as quantiles the jackknife acceleration is unreliable (Efron and Tibshirani §11.6),
 *       so prefer {@link Method#PERCENTILE} for p95 and the like.
 * </ul>
 * Ties count half in z0 (a refinement over counting only {@code θ* < θ̂}, which matters for
 * discrete statistics such as quantiles of integer latencies).
 */
public final class Bootstrap {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

    /** How the interval is read off the bootstrap distribution. */
    public enum Method {
        /** Quantiles of the bootstrap replicates. */
        PERCENTILE,
        /** Bias-corrected and accelerated percentile interval. */
        BCA
    }

    private final int resamples;
    private final double confidenceLevel;
    private final long seed;

    /**
     * @param resamples number of bootstrap resamples B, at least 100 (1,000–10,000 is usual)
     * @param confidenceLevel interval level in (0, 1), e.g. 0.95
     * @param seed random seed; the same seed and input give the same interval
     * @throws IllegalArgumentException if resamples &lt; 100 or the level is not in (0, 1)
     */
    public Bootstrap(int resamples, double confidenceLevel, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100, was " + resamples);
        }
        this.resamples = resamples;
        this.confidenceLevel = Checks.probability("confidenceLevel", confidenceLevel);
        this.seed = seed;
    }

    /** @return the number of resamples B */
    public int resamples() {
        return resamples;
    }

    /** @return the interval level */
    public double confidenceLevel() {
        return confidenceLevel;
    }

    /**
     * Interval for a statistic of one sample.
     *
     * @param data finite values (at least 1 for percentile, 2 for BCa); not modified
     * @param statistic the statistic θ = s(x); must return a finite value
     * @param method percentile or BCa
     * @return the interval around θ̂ = s(data)
     * @throws IllegalArgumentException if data is too small, has non-finite values, or the
     *     statistic returns a non-finite value
     */
    public BootstrapInterval oneSample(double[] data, ToDoubleFunction<double[]> statistic,
            Method method) {
        Checks.finiteSample("data", data, method == Method.BCA ? 2 : 1);
        double estimate = finite(statistic.applyAsDouble(data.clone()));
        SplittableRandom random = new SplittableRandom(seed);
        double[] buffer = new double[data.length];
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            resample(data, buffer, random);
            replicates[b] = finite(statistic.applyAsDouble(buffer));
        }
        Double acceleration = null;
        if (method == Method.BCA) {
            double[][] jack = {jackknife(data, statistic, 0.0, 1.0)};
            acceleration = acceleration(jack);
        }
        return interval(estimate, replicates, method, acceleration);
    }

    /**
     * Interval for {@code statistic(b) − statistic(a)} of two independent samples, each
     * resampled separately.
     *
     * @param a sample A (finite values; at least 1, or 2 for BCa); not modified
     * @param b sample B (finite values; at least 1, or 2 for BCa); not modified
     * @param statistic the per-sample statistic s; must return a finite value
     * @param method percentile or BCa
     * @return the interval around θ̂ = s(b) − s(a)
     * @throws IllegalArgumentException if a sample is too small, has non-finite values, or the
     *     statistic returns a non-finite value
     */
    public BootstrapInterval twoSample(double[] a, double[] b, ToDoubleFunction<double[]> statistic,
            Method method) {
        int min = method == Method.BCA ? 2 : 1;
        Checks.finiteSample("sample A", a, min);
        Checks.finiteSample("sample B", b, min);
        double sa = finite(statistic.applyAsDouble(a.clone()));
        double sb = finite(statistic.applyAsDouble(b.clone()));
        SplittableRandom random = new SplittableRandom(seed);
        double[] bufA = new double[a.length];
        double[] bufB = new double[b.length];
        double[] replicates = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            resample(a, bufA, random);
            resample(b, bufB, random);
            replicates[r] = finite(statistic.applyAsDouble(bufB)) - finite(statistic.applyAsDouble(bufA));
        }
        Double acceleration = null;
        if (method == Method.BCA) {
            // Leaving out an observation of A changes only s(A): θ_(i) = s(B) − s(A_(i)).
            double[][] jack = {jackknife(a, statistic, sb, -1.0), jackknife(b, statistic, -sa, 1.0)};
            acceleration = acceleration(jack);
        }
        return interval(sb - sa, replicates, method, acceleration);
    }

    private BootstrapInterval interval(double estimate, double[] replicates, Method method,
            Double acceleration) {
        Arrays.sort(replicates);
        double alpha = 1.0 - confidenceLevel;
        double lowerLevel = alpha / 2.0;
        double upperLevel = 1.0 - alpha / 2.0;
        Double z0 = null;
        if (method == Method.BCA) {
            double below = 0;
            for (double r : replicates) {
                if (r < estimate) {
                    below += 1.0;
                } else if (r == estimate) {
                    below += 0.5;
                }
            }
            double proportion = below / replicates.length;
            double clampLow = 0.5 / replicates.length;
            proportion = Math.min(Math.max(proportion, clampLow), 1.0 - clampLow);
            double bias = STANDARD_NORMAL.inverseCumulativeProbability(proportion);
            double a = acceleration;
            lowerLevel = bcaLevel(bias, a, STANDARD_NORMAL.inverseCumulativeProbability(lowerLevel), 0.0);
            upperLevel = bcaLevel(bias, a, STANDARD_NORMAL.inverseCumulativeProbability(upperLevel), 1.0);
            z0 = bias;
        }
        double mean = 0.0;
        for (double r : replicates) {
            mean += r;
        }
        mean /= replicates.length;
        double ss = 0.0;
        for (double r : replicates) {
            ss += (r - mean) * (r - mean);
        }
        double se = Math.sqrt(ss / (replicates.length - 1));
        return new BootstrapInterval(estimate,
                Quantiles.sortedQuantile(replicates, lowerLevel),
                Quantiles.sortedQuantile(replicates, upperLevel),
                confidenceLevel, method, replicates.length, se, z0, acceleration);
    }

    private static double bcaLevel(double z0, double a, double zAlpha, double fallback) {
        double shifted = z0 + zAlpha;
        double denominator = 1.0 - a * shifted;
        if (!(denominator > 0.0)) {
            // Acceleration so large the adjusted level leaves (0, 1): use the extreme replicate.
            return fallback;
        }
        return STANDARD_NORMAL.cumulativeProbability(z0 + shifted / denominator);
    }

    /**
     * Leave-one-out values {@code offset + sign · s(x without x_i)}.
     */
    private static double[] jackknife(double[] x, ToDoubleFunction<double[]> statistic,
            double offset, double sign) {
        int n = x.length;
        double[] out = new double[n];
        double[] buffer = new double[n - 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, 0, buffer, 0, i);
            System.arraycopy(x, i + 1, buffer, i, n - 1 - i);
            // the buffer is rebuilt on every pass, so a statistic that reorders it is harmless
            out[i] = offset + sign * finite(statistic.applyAsDouble(buffer));
        }
        return out;
    }

    /**
     * Jackknife acceleration, Efron and Tibshirani (1993) eq. 14.15, multi-sample form.
     *
     * @param jackknifeValues per sample, the leave-one-out values of θ
     * @return the acceleration a (0 when the jackknife values do not vary)
     */
    static double acceleration(double[][] jackknifeValues) {
        double numerator = 0.0;
        double denominator = 0.0;
        for (double[] values : jackknifeValues) {
            int n = values.length;
            double mean = 0.0;
            for (double v : values) {
                mean += v;
            }
            mean /= n;
            double cubes = 0.0;
            double squares = 0.0;
            for (double v : values) {
                double u = (n - 1) * (mean - v);
                cubes += u * u * u;
                squares += u * u;
            }
            numerator += cubes / ((double) n * n * n);
            denominator += squares / ((double) n * n);
        }
        if (denominator == 0.0) {
            return 0.0;
        }
        return numerator / (6.0 * Math.pow(denominator, 1.5));
    }

    private static void resample(double[] source, double[] target, SplittableRandom random) {
        int n = source.length;
        for (int i = 0; i < n; i++) {
            target[i] = source[random.nextInt(n)];
        }
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the statistic returned a non-finite value: " + value);
        }
        return value;
    }
}
