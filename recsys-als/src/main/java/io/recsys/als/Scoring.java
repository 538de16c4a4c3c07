package io.recsys.als;

/**
 * The one definition of a score, {@code x_u . y_i} in float, summed four factors at a time:
 * {@code s += (u0 v0 + u1 v1) + (u2 v2 + u3 v3)}, then the remaining factors one by one. The
 * blocked scorer ({@link ItemBlocks}) and the naive scorer use this exact order, so both produce
 * bit-identical scores and therefore identical rankings, ties included.
 */
final class Scoring {
    private Scoring() {
    }

    static float dot(float[] u, int uOff, float[] v, int vOff, int f) {
        float s = 0f;
        int j = 0;
        for (; j + 3 < f; j += 4) {
            s += (u[uOff + j] * v[vOff + j] + u[uOff + j + 1] * v[vOff + j + 1])
                    + (u[uOff + j + 2] * v[vOff + j + 2] + u[uOff + j + 3] * v[vOff + j + 3]);
        }
        for (; j < f; j++) {
            s += u[uOff + j] * v[vOff + j];
        }
        return s;
    }
}
