package io.recsys.als;

import java.nio.FloatBuffer;

/*
 * Exact top K through an 8-bit candidate scan (see Int8Factors for the levels).
 *
 * Per request, with w[j] = u[j] * dimensionScale[j] and W = sum |w[j]|, the scan computes for every
 * item the approximate score a_i = itemScale[i] * sum_j w[j] q[i][j] over 8-bit tiles laid out like
 * ItemBlocks' float tiles, and the bound e_i = itemScale[i] * W * SLACK with
 *     |fl(x_u . y_i) - a_i| <= e_i,
 * where fl(x_u . y_i) is the float score the exact scorer returns. Why SLACK covers it: the levels
 * are within HALF_STEP steps of the factors (checked on load), which bounds the real-valued error
 * by HALF_STEP * itemScale * W; float rounding of the approximate sum, of the exact sum (Scoring.dot)
 * and of a +- e adds at most 2^-24 * 256 * (f + 4) * itemScale * W (each term of either sum is at most
 * 128 * itemScale * |w_j| in size); SLACK doubles that rounding allowance.
 *
 * Then lb_i = a_i - e_i <= score_i <= ub_i = a_i + e_i. L, the K-th largest lb over the eligible
 * (not excluded) items, is a lower bound of the exact K-th score T_K (those K items all score at
 * least L). An item with ub_i < L therefore scores strictly below T_K and cannot be in the top K,
 * ties included; every other item is a candidate and is re-scored exactly with Scoring.dot (bit
 * for bit the blocked scorer's arithmetic) from the fp32 row-major factors, in index order, so the
 * result equals the exact scan's, order and tie-breaking included. L only grows during the scan,
 * so candidates collected early are filtered again at the end.
 */
final class QuantizedScorer implements TopKSearch {
    private static final int BLOCK = ItemBlocks.BLOCK;

    private final int items;
    private final int f;
    private final int blocks;
    private final byte[][] tiles;
    private final float[] itemScales;
    private final float[] dimensionScales;
    private final float[] rowMajor;
    private final float slack;
    private final QuantizationScale scale;
    private final ThreadLocal<Scratch> scratch;

    QuantizedScorer(Int8Factors q, FloatBuffer rowMajorFactors) {
        this.items = q.items();
        this.f = q.factors();
        this.scale = q.scale();
        this.blocks = (items + BLOCK - 1) / BLOCK;
        long tileCount = (long) blocks * f;
        if (tileCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(items + " items x " + f + " factors are too many; shard the catalogue");
        }
        this.tiles = new byte[(int) tileCount][BLOCK];
        byte[] v = q.values();
        for (int i = 0; i < items; i++) {
            int base = (i / BLOCK) * f;
            int b = i % BLOCK;
            for (int j = 0; j < f; j++) {
                tiles[base + j][b] = v[i * f + j];
            }
        }
        this.itemScales = java.util.Arrays.copyOf(q.itemScales(), blocks * BLOCK);
        this.dimensionScales = q.dimensionScales().clone();
        this.rowMajor = new float[items * f];
        rowMajorFactors.get(0, rowMajor, 0, rowMajor.length);
        this.slack = (float) (Int8Factors.HALF_STEP + 0x1p-23 * 256 * (f + 4));
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(f));
    }

    /** @return how the levels are scaled */
    QuantizationScale scale() {
        return scale;
    }

    @Override
    public String description() {
        return "the 8-bit candidate scan with exact re-scoring (" + scale.name().toLowerCase(java.util.Locale.ROOT) + " scales)";
    }

    /**
     * Fills {@code top} (already reset to capacity {@code k}) with the exact top {@code k} of the
     * items not marked in {@code excluded} (read only when {@code filtered}).
     *
     * @return the number of candidates re-scored exactly
     */
    @Override
    public int select(float[] u, int k, long[] excluded, boolean filtered, TopK top) {
        Scratch s = scratch.get();
        float[] w = s.w;
        float norm = 0f;
        for (int j = 0; j < f; j++) {
            w[j] = u[j] * dimensionScales[j];
            norm += Math.abs(w[j]);
        }
        float c = norm * slack;
        TopK lower = s.lower;
        lower.reset(k);
        float bound = Float.NEGATIVE_INFINITY;
        Candidates candidates = s.candidates;
        candidates.clear();
        float[] approx = s.approx;
        for (int blk = 0; blk < blocks; blk++) {
            scoreBlock(blk, w, approx);
            int base = blk * BLOCK;
            int limit = Math.min(BLOCK, items - base);
            for (int q = 0; q < limit; q++) {
                int index = base + q;
                if (filtered && (excluded[index >>> 6] & (1L << index)) != 0) {
                    continue;
                }
                float is = itemScales[index];
                float a = approx[q] * is;
                float e = is * c;
                float ub = a + e;
                if (!(ub >= bound)) {
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
        int rescored = candidates.compact(bound);
        float threshold = top.threshold();
        for (int p = 0; p < rescored; p++) {
            int index = candidates.item(p);
            float score = Scoring.dot(u, 0, rowMajor, index * f, f);
            if (score > threshold || (threshold == Float.NEGATIVE_INFINITY && !Float.isNaN(score))) {
                top.offer(score, index);
                threshold = top.threshold();
            }
        }
        return rescored;
    }

    /** {@code out[b] = sum_j w[j] q[item][j]} for the block's items, four factors per pass (as ItemBlocks). */
    private void scoreBlock(int block, float[] w, float[] out) {
        final byte[][] t = tiles;
        int base = block * f;
        for (int b = 0; b < BLOCK; b++) {
            out[b] = 0f;
        }
        int j = 0;
        for (; j + 3 < f; j += 4) {
            float w0 = w[j];
            float w1 = w[j + 1];
            float w2 = w[j + 2];
            float w3 = w[j + 3];
            byte[] t0 = t[base + j];
            byte[] t1 = t[base + j + 1];
            byte[] t2 = t[base + j + 2];
            byte[] t3 = t[base + j + 3];
            for (int b = 0; b < BLOCK; b++) {
                out[b] += (w0 * t0[b] + w1 * t1[b]) + (w2 * t2[b] + w3 * t3[b]);
            }
        }
        for (; j < f; j++) {
            float wj = w[j];
            byte[] tj = t[base + j];
            for (int b = 0; b < BLOCK; b++) {
                out[b] += wj * tj[b];
            }
        }
    }

    /** Per-thread buffers: scaled user vector, one block of approximate scores, lower-bound heap, candidates. */
    private static final class Scratch {
        final float[] w;
        final float[] approx = new float[BLOCK];
        final TopK lower = new TopK();
        final Candidates candidates = new Candidates();

        Scratch(int f) {
            w = new float[f];
        }
    }
}
