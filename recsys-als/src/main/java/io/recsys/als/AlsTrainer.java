package io.recsys.als;

import io.recsys.als.data.CsrMatrix;
import io.recsys.als.data.Interactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fits an ALS model (implicit or explicit, see {@link AlsHyperparameters}) to interactions.
 *
 * <p>Factors start uniform in {@code [0, 0.01)} from the seed (users first, then items). Each
 * sweep solves all user rows with the item factors fixed, then all item rows with the user
 * factors fixed; rows are spread over {@code threads} workers in fixed cost-balanced chunks. A row's
 * solve depends only on the fixed side and its own previous value, so the factors are
 * bit-for-bit the same for the same seed whatever the thread count.
 *
 * <p>Implicit confidence is {@code c = 1 + alpha * r}, times the recency discount of
 * {@link RecencyRule} when one is chosen.
 *
 * <p>The reported loss is, for implicit ALS,
 * {@code [sum_{u,i} c_ui (p_ui - x_u.y_i)^2 + sum_u lambda_u |x_u|^2 + sum_i lambda_i |y_i|^2]
 * / (sum_{u,i} c_ui)} over all user-item pairs (as the {@code implicit} library reports it), and
 * for explicit ALS the same regularised squared error over the observed ratings divided by their
 * number. Computing it costs about one CG step per sweep and happens only when the listener asks.
 *
 * <p>Thread-safe: a trainer holds only its hyperparameters.
 */
public final class AlsTrainer {
    private final AlsHyperparameters hp;

    /**
     * @param hyperparameters how to fit
     */
    public AlsTrainer(AlsHyperparameters hyperparameters) {
        this.hp = Objects.requireNonNull(hyperparameters, "hyperparameters");
    }

    /** @return the hyperparameters */
    public AlsHyperparameters hyperparameters() {
        return hp;
    }

    /**
     * Fits without progress reports.
     *
     * @param data the training interactions
     * @return the fitted model (its seen items are {@code data})
     * @throws IllegalArgumentException when {@code data} is empty
     */
    public AlsModel fit(Interactions data) {
        return fit(data, null);
    }

    /**
     * Fits, reporting each sweep to {@code listener}.
     *
     * @param data the training interactions
     * @param listener progress receiver, or null
     * @return the fitted model (its seen items are {@code data})
     * @throws IllegalArgumentException when {@code data} is empty
     */
    public AlsModel fit(Interactions data, TrainingListener listener) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("Cannot fit ALS to zero interactions");
        }
        long startNanos = System.nanoTime();
        int f = hp.factors();
        int nUsers = data.userCount();
        int nItems = data.itemCount();
        float[] userFactors = new float[Math.multiplyExact(nUsers, f)];
        float[] itemFactors = new float[Math.multiplyExact(nItems, f)];
        var rnd = new SplittableRandom(hp.seed());
        for (int j = 0; j < userFactors.length; j++) {
            userFactors[j] = (float) (rnd.nextDouble() * 0.01);
        }
        for (int j = 0; j < itemFactors.length; j++) {
            itemFactors[j] = (float) (rnd.nextDouble() * 0.01);
        }
        float[] decay = hp.implicit() && hp.recency() != RecencyRule.NONE
                ? RecencyWeights.byUser(data.byUser(), hp.recency(), hp.recencyHalfLife()) : null;
        Side users = new Side(data.byUser(), hp, decay);
        Side items = new Side(data.byItem(), hp, decay == null ? null : RecencyWeights.byItem(data.byUser(), decay));
        boolean wantsLoss = listener != null && listener.wantsLoss();
        var history = new ArrayList<IterationStats>();
        ExecutorService pool = hp.threads() > 1 ? Executors.newFixedThreadPool(hp.threads(), daemonThreads()) : null;
        try {
            for (int it = 1; it <= hp.iterations(); it++) {
                sweep(users, itemFactors, nItems, userFactors, pool);
                sweep(items, userFactors, nUsers, itemFactors, pool);
                double loss = wantsLoss ? loss(users, items, userFactors, itemFactors, nItems, pool) : Double.NaN;
                var stats = new IterationStats(it, loss, Duration.ofNanos(System.nanoTime() - startNanos));
                history.add(stats);
                if (listener != null) {
                    listener.onIteration(stats);
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new AlsModel(data.users(), data.items(), f, userFactors, itemFactors, hp, history,
                data.byUser(), data.itemCounts(), hp.implicit() ? users.weights : null);
    }

    /** Solves every row of {@code xs} with {@code ys} fixed. */
    private void sweep(Side side, float[] ys, int yRows, float[] xs, ExecutorService pool) {
        float[][] gram = hp.implicit() ? gram(ys, yRows, pool) : null;
        run(side, pool, (solver, row) -> {
            if (hp.implicit()) {
                solver.solveImplicit(gram, (float) side.lambda(row), ys, side.indptr, side.indices, side.weights, row, xs,
                        hp.cgSteps());
            } else {
                solver.solveExplicit(side.lambda(row), ys, side.indptr, side.indices, side.weights, row, xs);
            }
            return 0.0;
        });
    }

    private double loss(Side users, Side items, float[] xs, float[] ys, int nItems, ExecutorService pool) {
        float[][] gram = hp.implicit() ? gram(ys, nItems, pool) : null;
        double total = run(users, pool, (solver, row) -> hp.implicit()
                ? solver.implicitLoss(gram, (float) users.lambda(row), ys, users.indptr, users.indices, users.weights, row, xs)
                : solver.explicitLoss(users.lambda(row), ys, users.indptr, users.indices, users.weights, row, xs));
        int f = hp.factors();
        for (int i = 0; i < nItems; i++) {
            double norm = 0;
            for (int j = 0; j < f; j++) {
                double v = ys[i * f + j];
                norm += v * v;
            }
            total += items.lambda(i) * norm;
        }
        if (!hp.implicit()) {
            return total / users.indices.length;
        }
        double confidence = 0;
        for (float w : users.weights) {
            confidence += w;
        }
        double pairs = (double) users.rows * nItems + confidence;
        return total / pairs;
    }

    /** Y^T Y with the fixed blocks of {@link Gram} spread over the pool (same result as sequential). */
    private float[][] gram(float[] ys, int rows, ExecutorService pool) {
        List<Gram.Block> jobs = Gram.jobs(ys, rows, hp.factors());
        if (pool == null) {
            return Gram.of(ys, rows, hp.factors());
        }
        var partials = new ArrayList<double[]>(jobs.size());
        try {
            for (Future<double[]> part : pool.invokeAll(jobs)) {
                partials.add(part.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ALS fit interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ALS worker failed: " + e.getCause(), e.getCause());
        }
        return Gram.sum(partials, hp.factors());
    }

    @FunctionalInterface
    private interface RowTask {
        double apply(RowSolver solver, int row);
    }

    /** Runs the task over all rows in the side's fixed chunks; sums the results in chunk order. */
    private double run(Side side, ExecutorService pool, RowTask task) {
        int[] bounds = side.chunks;
        int chunks = bounds.length - 1;
        List<Callable<Double>> jobs = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = bounds[c];
            int to = bounds[c + 1];
            jobs.add(() -> {
                var solver = new RowSolver(hp.factors());
                double sum = 0;
                for (int row = from; row < to; row++) {
                    sum += task.apply(solver, row);
                }
                return sum;
            });
        }
        double total = 0;
        try {
            if (pool == null) {
                for (var job : jobs) {
                    total += job.call();
                }
            } else {
                for (Future<Double> result : pool.invokeAll(jobs)) {
                    total += result.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ALS fit interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ALS worker failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("ALS worker failed: " + e, e);
        }
        return total;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        var counter = new AtomicInteger();
        return r -> {
            var t = new Thread(r, "recsys-als-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One side of the matrix as primitive arrays, with per-entry weights and row chunks. */
    private static final class Side {
        final int rows;
        final int[] indptr;
        final int[] indices;
        final float[] weights;
        final int[] chunks;
        final double lambda;
        final boolean weighted;

        /** @param decay per-entry recency discount aligned with {@code m}, or null for none */
        Side(CsrMatrix m, AlsHyperparameters hp, float[] decay) {
            rows = m.rows();
            indptr = m.indptr();
            indices = m.indices();
            weights = m.values();
            if (hp.implicit()) {
                for (int q = 0; q < weights.length; q++) {
                    double r = hp.binarize() ? 1.0 : weights[q];
                    weights[q] = (float) (hp.alpha() * r * (decay == null ? 1.0 : decay[q]));
                }
            }
            lambda = hp.regularization();
            weighted = hp.weightedRegularization();
            chunks = chunks(indptr, rows, hp.threads() == 1 ? 1 : hp.threads() * 8);
        }

        double lambda(int row) {
            return weighted ? lambda * Math.max(1, indptr[row + 1] - indptr[row]) : lambda;
        }

        /** Boundaries of up to {@code count} contiguous row ranges of similar cost (entries + 16 per row). */
        private static int[] chunks(int[] indptr, int rows, int count) {
            count = Math.max(1, Math.min(count, rows));
            long total = (long) indptr[rows] + 16L * rows;
            int[] bounds = new int[count + 1];
            int c = 1;
            for (int row = 0; row < rows && c < count; row++) {
                long costSoFar = (long) indptr[row + 1] + 16L * (row + 1);
                if (costSoFar * count >= total * c) {
                    bounds[c++] = row + 1;
                }
            }
            while (c <= count) {
                bounds[c++] = rows;
            }
            return bounds;
        }
    }
}
