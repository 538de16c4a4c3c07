package io.recsys.als;

import java.util.Arrays;

/*
 * Exact top K that reads only the part of the item matrix that can still matter (norm-ordered
 * maximum inner product search with incremental bounds, as LEMP does). The items are rotated into
 * the eigenbasis of their Gram matrix, sorted by norm and tiled (RotatedItems). Per request:
 *   1. u' = R u in float, ||u|| and, for each split d, ||u'_d..f|| (the "tail"), rounded up.
 *   2. Tiles in decreasing norm order. L is the K-th largest LOWER bound a_i - e_i over the eligible
 *      (not excluded) items fully scored so far; it only grows. Stop at the first tile t with
 *      ||u|| maxNorm(t) + e(maxNorm(t)) < L: no later item can reach L. Otherwise add the tile's
 *      rotated dims split by split into partial scores p_i and skip the tile as soon as every lane
 *      has p_i + ||u'_tail|| tailNorm_i + e_i < L; a tile that survives every split is finished into
 *      a_i, L is raised with a_i - e_i and an item is kept as a candidate when a_i + e_i >= L.
 *   3. Candidates whose upper bound is still >= the final L are re-scored EXACTLY in the original
 *      space with ItemBlocks.dot (Scoring.dot's arithmetic, bit for bit the blocked scan's) and offered to `top` in
 *      increasing original index order, exactly as the plain scan offers them.
 *
 * Why that is the plain scan's answer. Let s_i = fl(u . v_i) be the float score the plain scan
 * computes, eps = 2^-24, gamma_n = n eps / (1 - n eps) (the classic bound on a float sum of n
 * products in any order: |fl(sum) - sum| <= gamma_n sum |x_j y_j| <= gamma_n ||x|| ||y||). Then
 *   |s_i - u.v_i| <= gamma_f ||u|| ||v_i||.
 * R is orthogonal to within 2^-30 (Frobenius norm of R R^T - I, checked on load). v'_i is R v_i
 * computed in double and rounded once to float: ||v'_i - R v_i|| <= 2 eps ||v_i||. u' is computed
 * in float from R rounded to float: per component the error is at most eps sum_k |R_jk u_k| (the
 * rounding of R) plus gamma_f sum_k |R_jk u_k| (the sum), and || |R| |u| || <= ||R||_F ||u|| =
 * sqrt(f) ||u||, so ||u' - R u|| <= (f + 1) sqrt(f) eps ||u|| (to first order). Hence the real
 * product of the stored rotated vectors satisfies
 *   |u'.v'_i - u.v_i| <= ((f + 1) sqrt(f) + 4) eps ||u|| ||v_i||,
 * and the float partial and full sums over the tiles are within gamma_f ||u'|| ||v'_i|| of their
 * real values. Cauchy-Schwarz bounds the real tail sum by ||u'_tail|| ||v'_tail||; the norms are
 * rounded up; the three float operations forming a bound add at most 9 eps ||u|| ||v_i||. So every
 * bound above is off from s_i by at most (2f + (f + 1) sqrt(f) + 20) eps ||u|| ||v_i||, plus a few
 * 2^-150 from subnormals, and e_i = SLACK ||u|| ||v_i|| + TINY with SLACK = 4 (2f + (f + 1) sqrt(f)
 * + 20) eps and TINY = 2^-120 covers that four times over (for f = 64: 1.6e-4 of ||u|| ||v_i||,
 * far below the gaps pruning relies on). So a_i - e_i <= s_i <= every upper bound, for every item.
 * The K items behind L all have s >= L, so the exact K-th best score T_K >= L; an item whose upper
 * bound is < L has s_i < T_K, strictly, and cannot be in the top K even on a tie. Every other
 * eligible item is re-scored exactly, so `top` ends exactly as after the plain scan.
 * Overflow would break the argument: a user vector with a factor that is not finite or above 2^30
 * in size is scored exhaustively with ItemBlocks.dot instead, and RotatedItems refuses such items.
 *
 * Measured (docs/benchmarks.md): it pays on ALS factors, whose norms spread widely, and costs up to
 * 1.6x the plain scan on isotropic Gaussian factors, where no bound prunes; so the loader keeps it
 * only when a sample of the model's own users shows little of the matrix read (ifItPays).
 */
final class BoundedScan implements TopKSearch {
    /** After how many leading rotated dimensions the partial scores are checked (chosen by measurement). */
    static final int[] DEFAULT_SPLITS = {16, 32};
    /** Above this share of factor rows read the scan loses to the plain one (between 39 % and 100 % by JMH). */
    static final double MAX_READ_SHARE = 0.5;
    private static final int SAMPLE_USERS = 64;
    private static final int TILE = RotatedItems.TILE;
    private static final float TINY = 0x1p-120f;

    private final RotatedItems rot;
    private final int items;
    private final int f;
    private final int[] splits;
    /** The plain scan's tiles, shared with the recommender: exact re-scoring reads them, so no extra copy. */
    private final ItemBlocks blocks;
    private final float slack;
    private final ThreadLocal<Scratch> scratch;

    private BoundedScan(RotatedItems rot, ItemBlocks blocks) {
        this.rot = rot;
        this.items = rot.items;
        this.f = rot.f;
        this.splits = rot.splits;
        this.blocks = blocks;
        this.slack = (float) (4 * (2.0 * f + (f + 1) * Math.sqrt(f) + 20) * 0x1p-24);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(f, splits.length));
    }

    /**
     * The bounded scan over a copy of the item factors, or null when it cannot serve them (no
     * items, a factor that is not finite or above 2^30 in size, or no orthogonal rotation).
     *
     * @param rowMajor the fp32 item factors, {@code items x f}, row-major (read, not kept)
     * @param splits increasing counts of leading rotated dimensions after which partial scores are
     *     checked; those not below {@code f} are dropped
     */
    static BoundedScan of(float[] rowMajor, int items, int f, int... splits) {
        if (items < 1) {
            return null;
        }
        RotatedItems rot = RotatedItems.build(rowMajor, items, f, Arrays.stream(splits).filter(d -> d < f).toArray());
        return rot == null ? null
                : new BoundedScan(rot, new ItemBlocks(java.nio.FloatBuffer.wrap(rowMajor, 0, items * f), items, f));
    }

    /** @return the plain scan's tiles this scan re-scores from (an {@link AlsRecommender} serving it shares them) */
    ItemBlocks blocks() {
        return blocks;
    }

    /**
     * The bounded scan if it pays for these factors, else null (the plain scan). It pays when, for a
     * sample of the model's own users, it reads at most {@link #MAX_READ_SHARE} of the item factor
     * rows: a count, not a timing, so the choice is deterministic. Measured (docs/benchmarks.md): on
     * ALS factors it reads 6-39 % of the rows and runs 0.02-0.7x the plain scan's time; on isotropic
     * Gaussian factors it reads nearly all of them and runs 1.3-1.6x slower.
     *
     * @param rowMajor the fp32 item factors, {@code items x f}, row-major (read, not kept)
     * @param users the user factors, {@code userCount x f}, row-major
     */
    static BoundedScan ifItPays(float[] rowMajor, int items, int f, java.nio.FloatBuffer users, int userCount) {
        if (userCount < 1) {
            return null;
        }
        BoundedScan scan = of(rowMajor, items, f, DEFAULT_SPLITS);
        if (scan == null) {
            return null;
        }
        int samples = Math.min(SAMPLE_USERS, userCount);
        float[] u = new float[f];
        long[] none = new long[(items + 63) >>> 6];
        var top = new TopK();
        long rows = 0;
        for (int q = 0; q < samples; q++) {
            users.get((int) ((long) q * userCount / samples) * f, u, 0, f);
            top.reset(Math.min(10, items));
            scan.select(u, Math.min(10, items), none, false, top);
            rows += scan.lastTiles()[2];
        }
        double share = rows / ((double) samples * scan.tiles() * f);
        return share <= MAX_READ_SHARE ? scan : null;
    }

    @Override
    public String description() {
        return "the bounded exact scan";
    }

    @Override
    public int select(float[] u, int k, long[] excluded, boolean filtered, TopK top) {
        Scratch s = scratch.get();
        s.tilesPartial = 0;
        s.tilesFull = 0;
        s.dimsRead = 0;
        double sq = 0;
        for (int j = 0; j < f; j++) {
            if (!(Math.abs(u[j]) <= 0x1p30f)) {
                return exhaustive(u, excluded, filtered, top);
            }
            sq += (double) u[j] * u[j];
        }
        float unorm = RotatedItems.up(Math.sqrt(sq));
        final float[] uTail = s.uTail;
        rotate(u, s.rotated, uTail);
        float slackU = slack * unorm;
        TopK lower = s.lower;
        lower.reset(k);
        float bound = Float.NEGATIVE_INFINITY;
        Candidates candidates = s.candidates;
        candidates.clear();
        final float[] acc = s.acc;
        final float[] w = s.rotated;
        for (int t = 0; t < rot.tiles; t++) {
            float maxNorm = rot.tileMaxNorm[t];
            if (unorm * maxNorm + (slackU * maxNorm + TINY) < bound) {
                break;
            }
            s.tilesPartial++;
            int base = t * TILE;
            if (!partialReaches(t, s, slackU, bound)) {
                continue;
            }
            s.tilesFull++;
            int done = splits.length == 0 ? 0 : splits[splits.length - 1];
            accumulate(t * f, done, f, w, acc);
            s.dimsRead += f - done;
            int limit = Math.min(TILE, items - base);
            for (int q = 0; q < limit; q++) {
                float a = acc[q];
                float e = slackU * rot.norm[base + q] + TINY;
                float ub = a + e;
                if (!(ub >= bound)) {
                    continue;
                }
                int index = rot.original[base + q];
                if (filtered && (excluded[index >>> 6] & (1L << index)) != 0) {
                    continue;
                }
                float lb = a - e;
                if (lb > bound || (bound == Float.NEGATIVE_INFINITY && !Float.isNaN(lb))) {
                    lower.offer(lb, index);
                    bound = lower.threshold();
                }
                candidates.add(index, ub, bound);
            }
        }
        int kept = candidates.compact(bound);
        candidates.sortByItem();
        float threshold = top.threshold();
        for (int p = 0; p < kept; p++) {
            int index = candidates.item(p);
            float score = blocks.dot(u, index);
            if (score > threshold || (threshold == Float.NEGATIVE_INFINITY && !Float.isNaN(score))) {
                top.offer(score, index);
                threshold = top.threshold();
            }
        }
        return kept;
    }

    /** The work of this thread's last {@link #select}: tiles partially scored, tiles finished, tile rows read. */
    int[] lastTiles() {
        Scratch s = scratch.get();
        return new int[] {s.tilesPartial, s.tilesFull, s.dimsRead};
    }

    /** @return how many tiles the items fill */
    int tiles() {
        return rot.tiles;
    }

    /** Every item scored with ItemBlocks.dot in index order: the plain scan's answer for any vector. */
    private int exhaustive(float[] u, long[] excluded, boolean filtered, TopK top) {
        float threshold = top.threshold();
        for (int index = 0; index < items; index++) {
            if (filtered && (excluded[index >>> 6] & (1L << index)) != 0) {
                continue;
            }
            float score = blocks.dot(u, index);
            if (score > threshold || (threshold == Float.NEGATIVE_INFINITY && !Float.isNaN(score))) {
                top.offer(score, index);
                threshold = top.threshold();
            }
        }
        return items;
    }

    /** Writes R u into {@code out} (float sums over the columns of R, which C2 vectorises) and its tail norms, rounded up. */
    private void rotate(float[] u, float[] out, float[] tailNorms) {
        Arrays.fill(out, 0f);
        final float[] rt = rot.rotationT;
        for (int k = 0; k < f; k++) {
            float x = u[k];
            int o = k * f;
            for (int j = 0; j < f; j++) {
                out[j] += x * rt[o + j];
            }
        }
        double tail = 0;
        int stage = splits.length - 1;
        for (int j = f - 1; stage >= 0; j--) {
            tail += (double) out[j] * out[j];
            if (j == splits[stage]) {
                tailNorms[stage--] = RotatedItems.up(Math.sqrt(tail));
            }
        }
    }

    /**
     * Zeroes {@code acc}, then adds the tile's dims stage by stage; false as soon as no lane's upper
     * bound (partial + tail bound + margin) reaches {@code bound}, leaving {@code acc} partial.
     */
    private boolean partialReaches(int tile, Scratch s, float slackU, float bound) {
        final float[] w = s.rotated;
        final float[] acc = s.acc;
        final float[] uTail = s.uTail;
        for (int b = 0; b < TILE; b++) {
            acc[b] = 0f;
        }
        int from = 0;
        for (int stage = 0; stage < splits.length; stage++) {
            accumulate(tile * f, from, splits[stage], w, acc);
            s.dimsRead += splits[stage] - from;
            from = splits[stage];
            if (bound != Float.NEGATIVE_INFINITY
                    && !anyReaches(tile * TILE, acc, rot.tailNorm[stage], uTail[stage], rot.norm, slackU, bound)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some lane's upper bound from the partial score reaches {@code bound}. A branch-free
     * max over the lanes: cheaper than a loop that exits at the first hit, since most tiles have
     * none (padding lanes have norm 0 and only ever pass when the bound is below 0, which costs time,
     * not correctness). No bound is NaN: the factors on both sides are finite and at most 2^30.
     */
    private static boolean anyReaches(int base, float[] acc, float[] tail, float uTail, float[] norm, float slackU,
                                      float bound) {
        float best = Float.NEGATIVE_INFINITY;
        for (int q = 0; q < TILE; q++) {
            best = Math.max(best, acc[q] + uTail * tail[base + q] + (slackU * norm[base + q] + TINY));
        }
        return best >= bound;
    }

    /** {@code out[lane] += sum_{from <= j < to} w[j] tile[j][lane]} over the rotated tiles. */
    private void accumulate(int base, int from, int to, float[] w, float[] out) {
        ItemBlocks.accumulate(rot.factorTiles, base, from, to, w, out, TILE);
    }

    /** Per-thread buffers: the rotated user, one tile of scores, the lower-bound heap, candidates. */
    private static final class Scratch {
        final float[] rotated;
        final float[] acc = new float[TILE];
        final float[] uTail;
        final TopK lower = new TopK();
        final Candidates candidates = new Candidates();
        int tilesPartial;
        int tilesFull;
        int dimsRead;

        Scratch(int f, int stages) {
            uTail = new float[stages];
            rotated = new float[f];
        }
    }
}
