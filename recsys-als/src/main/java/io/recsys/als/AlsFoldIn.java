package io.recsys.als;

import io.recsys.als.data.IdIndex;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.foldin.UserState;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/*
 * The fold-in arithmetic of AlsRecommender (see FoldInSettings for the rule): one implicit-ALS row
 * solve against the model's frozen item factors, with the entries the user would have if the model
 * were retrained now: the live events (newest first, duplicates keep their latest occurrence) and
 * the training interactions, which keep their trained confidence weights (seen_weights.npy, or
 * alpha when a model was written without them) shifted back by the live items under the position
 * rule. A training item the user touches again counts once, as a live event.
 *
 * The row solve is RowSolver's own conjugate gradient, the one the fit runs, so fold-in and training
 * cannot drift apart. The item factors are copied back out of the scorer's layout (ItemBlocks; the
 * loaded file's buffer is not kept) and YᵀY is computed on the first fold-in only: models that
 * never fold in pay nothing.
 */
final class AlsFoldIn {
    private static final double MILLIS_PER_DAY = 86_400_000.0;
    /** The largest event strength folded in (ratings are 1-5; a larger value is capped, not trusted). */
    static final double MAX_STRENGTH = 100.0;

    private final FoldInSettings settings;
    private final IdIndex users;
    private final IdIndex items;
    private final int f;
    private final FloatBuffer userFactors;
    private final ItemBlocks itemBlocks;
    private final LongBuffer seenIndptr;
    private final IntBuffer seenIndices;
    private final float[] seenWeights;
    private final ThreadLocal<Scratch> scratch;
    private volatile ItemSide itemSide;

    /** The frozen side of the solve: item factors row-major and their Gram matrix. */
    private record ItemSide(float[] factors, float[][] gram) {
    }

    AlsFoldIn(FoldInSettings settings, IdIndex users, IdIndex items, int factors, FloatBuffer userFactors,
              ItemBlocks itemBlocks, LongBuffer seenIndptr, IntBuffer seenIndices, float[] seenWeights) {
        this.settings = settings;
        this.users = users;
        this.items = items;
        this.f = factors;
        this.userFactors = userFactors;
        this.itemBlocks = itemBlocks;
        this.seenIndptr = seenIndptr;
        this.seenIndices = seenIndices;
        this.seenWeights = seenWeights;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(factors, items.size()));
    }

    FoldInSettings settings() {
        return settings;
    }

    private ItemSide itemSide() {
        ItemSide side = itemSide;
        if (side == null) {
            synchronized (this) {
                side = itemSide;
                if (side == null) {
                    float[] y = new float[items.size() * f];
                    itemBlocks.copyRowMajor(y);
                    side = new ItemSide(y, Gram.of(y, items.size(), f));
                    itemSide = side;
                }
            }
        }
        return side;
    }

    UserState foldIn(long userId, UserState previous, UserEvent event) {
        if (event.userId() != userId) {
            throw new IllegalArgumentException("event is for user " + event.userId() + ", not " + userId);
        }
        if (previous != null && previous.factors() != f) {
            throw new IllegalArgumentException("state has " + previous.factors() + " factors, the model " + f);
        }
        if (items.indexOf(event.itemId()) < 0) {
            return previous;
        }
        int kept = previous == null ? 0 : Math.min(previous.size(), settings.maxEvents() - 1);
        int drop = previous == null ? 0 : previous.size() - kept;
        long[] ids = new long[kept + 1];
        float[] values = new float[kept + 1];
        long[] times = new long[kept + 1];
        for (int q = 0; q < kept; q++) {
            ids[q] = previous.itemAt(drop + q);
            values[q] = previous.valueAt(drop + q);
            times[q] = previous.timestampAt(drop + q);
        }
        ids[kept] = event.itemId();
        values[kept] = (float) (event.type() == UserEventType.RATE ? event.value() : 1.0);
        times[kept] = event.timestamp();
        int user = users.indexOf(userId);
        float[] x = new float[f];
        boolean warm;
        if (previous != null) {
            previous.copyVector(x);
            warm = true;
        } else if (user >= 0) {
            userFactors.get(user * f, x, 0, f);
            warm = true;
        } else {
            warm = false;
        }
        solve(user, ids, values, times, x, warm);
        for (float v : x) {
            if (!Float.isFinite(v)) {
                return previous; // an event's strength broke the arithmetic: keep the last good state
            }
        }
        return new UserState(x, ids, values, times, (previous == null ? 0 : previous.eventsSinceModel()) + 1);
    }

    /** Solves the user's row in place in {@code x} from the live events and, for a known user, the training ones. */
    void solve(int user, long[] ids, float[] values, long[] times, float[] x, boolean warm) {
        ItemSide side = itemSide();
        Scratch s = scratch.get();
        int capacity = ids.length + (user >= 0 && seenIndptr != null
                ? (int) (seenIndptr.get(user + 1) - seenIndptr.get(user)) : 0);
        s.ensure(capacity);
        int n = 0;
        int distinct = 0;
        long newest = times.length == 0 ? 0 : times[times.length - 1];
        for (int q = ids.length - 1; q >= 0; q--) {
            int i = items.indexOf(ids[q]);
            if (i < 0 || s.marked[i]) {
                continue;
            }
            s.marked[i] = true;
            // strengths come from the network: negative ones count as none, huge ones are capped
            double r = settings.binarize() ? 1.0 : Math.min(MAX_STRENGTH, Math.max(0.0, values[q]));
            double d = switch (settings.recency()) {
                case NONE -> 0.0;
                case POSITION -> distinct;
                case AGE_DAYS -> Math.max(0.0, (newest - times[q]) / MILLIS_PER_DAY);
            };
            s.indices[n] = i;
            s.weights[n] = (float) (settings.alpha() * r * Math.pow(0.5, d / settings.recencyHalfLife()));
            n++;
            distinct++;
        }
        if (user >= 0 && seenIndptr != null) {
            float shift = settings.recency() == RecencyRule.POSITION
                    ? (float) Math.pow(0.5, distinct / settings.recencyHalfLife()) : 1f;
            int to = (int) seenIndptr.get(user + 1);
            for (int p = (int) seenIndptr.get(user); p < to; p++) {
                int i = seenIndices.get(p);
                if (s.marked[i]) {
                    continue;
                }
                s.indices[n] = i;
                s.weights[n] = (seenWeights != null ? seenWeights[p] : (float) settings.alpha()) * shift;
                n++;
            }
        }
        for (int q = 0; q < n; q++) {
            s.marked[s.indices[q]] = false;
        }
        float lambda = (float) (settings.weightedRegularization() ? settings.regularization() * Math.max(1, n)
                : settings.regularization());
        s.indptr[1] = n;
        s.solver.solveImplicit(side.gram(), lambda, side.factors(), s.indptr, s.indices, s.weights, 0, x,
                warm ? settings.cgSteps() : settings.coldSteps());
    }

    /** Per-thread buffers: the row solver, the entries of one solve, a mark per item. */
    private static final class Scratch {
        final RowSolver solver;
        final int[] indptr = new int[2];
        final boolean[] marked;
        int[] indices = new int[64];
        float[] weights = new float[64];

        Scratch(int factors, int items) {
            solver = new RowSolver(factors);
            marked = new boolean[items];
        }

        void ensure(int n) {
            if (indices.length < n) {
                indices = new int[Math.max(n, indices.length * 2)];
                weights = new float[indices.length];
            }
        }
    }
}
