package io.recsys.als;

import java.nio.FloatBuffer;

/*
 * Item factors in the layout the scorer reads fastest (chosen by measurement, see
 * docs/benchmarks.md): items are cut into blocks of BLOCK items, and each block is stored
 * factor-major as f small arrays ("tiles") of BLOCK floats: tiles[block * f + j][b] is factor j of
 * item block * BLOCK + b. Scoring a block is then, for each group of four factors,
 *     scores[b] += (u0 t0[b] + u1 t1[b]) + (u2 t2[b] + u3 t3[b])   for b in 0..BLOCK
 * a loop without a cross-lane reduction, over arrays indexed by the same b, which C2's SuperWord
 * pass turns into AVX code; the BLOCK scores stay in L1. Two layouts that look equivalent do not
 * vectorise on JDK 17: the row-major dot product (a float reduction C2 must keep sequential under
 * Java's strict floating point) and one flat factor-major array read at four different invariant
 * offsets (SuperWord cannot relate the offsets). The arithmetic per item is exactly
 * Scoring.dot's, so scores are bit-identical to the naive scorer's. The last block is zero-padded;
 * padded slots are never reported.
 */
final class ItemBlocks {
    static final int BLOCK = 256;

    final int items;
    final int f;
    final int blocks;
    private final float[][] tiles;

    ItemBlocks(FloatBuffer rowMajor, int items, int f) {
        this.items = items;
        this.f = f;
        this.blocks = (items + BLOCK - 1) / BLOCK;
        long tileCount = (long) blocks * f;
        if (tileCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(items + " items x " + f + " factors are too many; shard the catalogue");
        }
        tiles = new float[(int) tileCount][BLOCK];
        float[] row = new float[f];
        for (int i = 0; i < items; i++) {
            rowMajor.get(i * f, row, 0, f);
            int base = (i / BLOCK) * f;
            int b = i % BLOCK;
            for (int j = 0; j < f; j++) {
                tiles[base + j][b] = row[j];
            }
        }
    }

    /** Writes the scores of block {@code block}'s BLOCK items into {@code out[0..BLOCK)}. */
    void score(int block, float[] u, float[] out) {
        for (int b = 0; b < BLOCK; b++) {
            out[b] = 0f;
        }
        accumulate(tiles, block * f, 0, f, u, out, BLOCK);
    }

    /**
     * {@code out[lane] += sum_{from <= j < to} w[j] t[base + j][lane]} for lanes {@code 0..width},
     * four factors per pass: {@code out[b] += (w0 t0[b] + w1 t1[b]) + (w2 t2[b] + w3 t3[b])}, the
     * loop C2 vectorises (see the layout note above). The bounded scan adds its rotated tiles with it too.
     */
    static void accumulate(float[][] t, int base, int from, int to, float[] w, float[] out, int width) {
        int j = from;
        for (; j + 3 < to; j += 4) {
            float w0 = w[j];
            float w1 = w[j + 1];
            float w2 = w[j + 2];
            float w3 = w[j + 3];
            float[] t0 = t[base + j];
            float[] t1 = t[base + j + 1];
            float[] t2 = t[base + j + 2];
            float[] t3 = t[base + j + 3];
            for (int b = 0; b < width; b++) {
                out[b] += (w0 * t0[b] + w1 * t1[b]) + (w2 * t2[b] + w3 * t3[b]);
            }
        }
        for (; j < to; j++) {
            float wj = w[j];
            float[] tj = t[base + j];
            for (int b = 0; b < width; b++) {
                out[b] += wj * tj[b];
            }
        }
    }

    /**
     * One item's score with exactly the arithmetic of {@link #score} and {@code Scoring.dot} (the
     * same groups of four, in the same order), read from the tiles.
     */
    float dot(float[] u, int item) {
        final float[][] t = tiles;
        int base = (item / BLOCK) * f;
        int b = item % BLOCK;
        float s = 0f;
        int j = 0;
        for (; j + 3 < f; j += 4) {
            s += (u[j] * t[base + j][b] + u[j + 1] * t[base + j + 1][b])
                    + (u[j + 2] * t[base + j + 2][b] + u[j + 3] * t[base + j + 3][b]);
        }
        for (; j < f; j++) {
            s += u[j] * t[base + j][b];
        }
        return s;
    }

    /** Writes the factors back in row-major order into {@code out[0..items * f)} (exact copies). */
    void copyRowMajor(float[] out) {
        for (int i = 0; i < items; i++) {
            int base = (i / BLOCK) * f;
            int b = i % BLOCK;
            for (int j = 0; j < f; j++) {
                out[i * f + j] = tiles[base + j][b];
            }
        }
    }
}
