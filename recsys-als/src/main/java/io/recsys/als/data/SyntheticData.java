package io.recsys.als.data;

import java.util.SplittableRandom;

/**
 * A deterministic generator of interaction data with latent structure, so that everything (tests,
 * demos, benchmarks) runs offline.
 *
 * <p>Each user {@code u} and item {@code i} get hidden factors {@code a_u, b_i} of dimension
 * {@link #latentFactors()} (scaled so that {@code a_u . b_i} is standard normal); items get a
 * Zipf-like popularity {@code pop_i = 1 / rank_i^s} over a random ranking. A user's number of
 * interactions follows a log-normal law rescaled to the requested total, and the user picks that
 * many distinct items with probability proportional to
 * {@code pop_i * exp(affinity * a_u . b_i)} (weighted sampling without replacement by the
 * exponential-keys method of Efraimidis and Spirakis, 2006). Ratings 1-5 grow with the affinity;
 * timestamps are increasing per user in a random order of the picked items. The same record (same
 * seed) always yields the same data.
 *
 * @param users number of users ({@code >= 1})
 * @param items number of items ({@code >= 2})
 * @param interactions total number of interactions (every user gets at least
 *     {@code min(20, interactions / users)}, at least 2)
 * @param latentFactors dimension of the hidden factors
 * @param zipfExponent popularity exponent {@code s}
 * @param affinity weight of the latent affinity against popularity
 * @param seed random seed
 */
public record SyntheticData(int users, int items, int interactions, int latentFactors, double zipfExponent,
                            double affinity, long seed) {

    /** Timestamp of the first generated interaction (2000-12-31, as in MovieLens 1M). */
    private static final long START = 978_300_760L;

    /** Validates the shape. */
    public SyntheticData {
        if (users < 1 || items < 2 || latentFactors < 1) {
            throw new IllegalArgumentException("need users >= 1, items >= 2, latentFactors >= 1");
        }
        if (interactions < 2L * users || interactions > (long) users * maxPerUser(items)) {
            throw new IllegalArgumentException("interactions must be between 2 per user and "
                    + maxPerUser(items) + " per user, got " + interactions + " for " + users + " users");
        }
        if (!(zipfExponent >= 0) || !(affinity >= 0)) {
            throw new IllegalArgumentException("zipfExponent and affinity must be >= 0");
        }
    }

    /** @return the MovieLens-1M shape: 6,040 users, 3,706 items, 1,000,209 interactions, seed 42 */
    public static SyntheticData movieLens1m() {
        return new SyntheticData(6_040, 3_706, 1_000_209, 8, 0.8, 3.0, 42L);
    }

    /**
     * @param users number of users
     * @param items number of items
     * @param interactions total number of interactions
     * @return the default generator with another shape
     */
    public static SyntheticData ofShape(int users, int items, int interactions) {
        var d = movieLens1m();
        return new SyntheticData(users, items, interactions, d.latentFactors, d.zipfExponent, d.affinity, d.seed);
    }

    /**
     * @param newSeed the seed
     * @return this generator with another seed
     */
    public SyntheticData withSeed(long newSeed) {
        return new SyntheticData(users, items, interactions, latentFactors, zipfExponent, affinity, newSeed);
    }

    /** @return the generated interactions (user ids {@code 1..users}, item ids {@code 1..items}) */
    public Interactions generate() {
        var rnd = new SplittableRandom(seed);
        int d = latentFactors;
        double[] logPop = new double[items];
        int[] rank = permutation(items, rnd);
        for (int i = 0; i < items; i++) {
            logPop[i] = -zipfExponent * Math.log(rank[i] + 1.0);
        }
        double[] itemFactors = new double[items * d];
        double scale = 1.0 / Math.sqrt(d);
        for (int j = 0; j < itemFactors.length; j++) {
            itemFactors[j] = gaussian(rnd) * scale;
        }
        int[] perUser = activity(rnd);
        var builder = Interactions.builder();
        double[] userFactor = new double[d];
        double[] keys = new double[items];
        int[] order = new int[items];
        double[] score = new double[items];
        for (int u = 0; u < users; u++) {
            for (int j = 0; j < d; j++) {
                userFactor[j] = gaussian(rnd);
            }
            for (int i = 0; i < items; i++) {
                double a = 0;
                for (int j = 0; j < d; j++) {
                    a += userFactor[j] * itemFactors[i * d + j];
                }
                score[i] = a;
                // Efraimidis-Spirakis: the n smallest of E_i / w_i, i.e. of log(E_i) - log(w_i).
                keys[i] = Math.log(-Math.log(1.0 - rnd.nextDouble())) - logPop[i] - affinity * a;
                order[i] = i;
            }
            int n = perUser[u];
            select(keys, order, n);
            shuffle(order, n, rnd);
            long t = START + rnd.nextLong(60L * 60 * 24 * 365 * 2);
            for (int q = 0; q < n; q++) {
                int i = order[q];
                t += 1 + rnd.nextLong(3_600);
                double noisy = 3.0 + score[i] + 0.7 * gaussian(rnd);
                float rating = (float) Math.max(1, Math.min(5, Math.rint(noisy)));
                builder.add(u + 1L, i + 1L, rating, t);
            }
        }
        return builder.build();
    }

    private static int maxPerUser(int items) {
        return Math.max(2, (int) (items * 0.6));
    }

    private int[] activity(SplittableRandom rnd) {
        int min = Math.max(2, Math.min(20, interactions / users));
        int max = maxPerUser(items);
        double[] raw = new double[users];
        double sum = 0;
        for (int u = 0; u < users; u++) {
            raw[u] = Math.exp(1.1 * gaussian(rnd));
            sum += raw[u];
        }
        int[] n = new int[users];
        long total = 0;
        for (int u = 0; u < users; u++) {
            n[u] = (int) Math.max(min, Math.min(max, Math.round(raw[u] / sum * interactions)));
            total += n[u];
        }
        // Nudge random users up or down until the total is exact.
        while (total != interactions) {
            int u = rnd.nextInt(users);
            if (total < interactions && n[u] < max) {
                n[u]++;
                total++;
            } else if (total > interactions && n[u] > min) {
                n[u]--;
                total--;
            }
        }
        return n;
    }

    /** Partially orders so that the n smallest keys come first in {@code order} (quickselect). */
    private static void select(double[] keys, int[] order, int n) {
        int lo = 0;
        int hi = order.length - 1;
        while (lo < hi) {
            double pivot = keys[order[(lo + hi) >>> 1]];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[order[i]] < pivot) {
                    i++;
                }
                while (keys[order[j]] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (n - 1 <= j) {
                hi = j;
            } else if (n - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void shuffle(int[] a, int n, SplittableRandom rnd) {
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, n, rnd);
        return p;
    }

    static double gaussian(SplittableRandom rnd) {
        // Box-Muller; one value per call keeps the stream simple and reproducible.
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Grows trained item factors to a larger catalogue, for measuring search at sizes no training
     * data here reaches: the first {@code trained} items are copied, and each further item is a
     * random trained item times {@code exp(0.3 z)} plus Gaussian noise of half the per-dimension
     * spread (the root mean square of the trained factors), so the norms spread as trained ones do.
     *
     * @param trainedFactors the trained factors, {@code trained x f}, row-major
     * @param trained how many trained items
     * @param items the catalogue size, at least {@code trained}
     * @param f factors per item
     * @param rnd the random source (advanced)
     * @return the grown factors, {@code items x f}, row-major
     */
    public static float[] growItemFactors(float[] trainedFactors, int trained, int items, int f, SplittableRandom rnd) {
        if (trained < 1 || items < trained || trainedFactors.length < (long) trained * f) {
            throw new IllegalArgumentException("cannot grow " + trained + " trained items to " + items);
        }
        double[] spread = new double[f];
        for (int j = 0; j < f; j++) {
            double s = 0;
            for (int i = 0; i < trained; i++) {
                s += trainedFactors[i * f + j] * (double) trainedFactors[i * f + j];
            }
            spread[j] = Math.sqrt(s / trained);
        }
        float[] out = new float[items * f];
        System.arraycopy(trainedFactors, 0, out, 0, trained * f);
        for (int i = trained; i < items; i++) {
            int src = rnd.nextInt(trained);
            double scale = Math.exp(0.3 * rnd.nextGaussian());
            for (int j = 0; j < f; j++) {
                out[i * f + j] = (float) (trainedFactors[src * f + j] * scale + 0.5 * spread[j] * rnd.nextGaussian());
            }
        }
        return out;
    }
}
