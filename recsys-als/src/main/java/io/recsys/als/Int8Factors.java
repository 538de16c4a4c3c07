package io.recsys.als;

import java.util.Objects;

/**
 * Item factors quantised to 8 bits: {@code y[i][j] ~ itemScales[i] * dimensionScales[j] * values[i * factors + j]}.
 * Rounding to the nearest level keeps every element within half a step of the float factor, which
 * is what makes the candidate scan's error bound (and therefore the exact re-ranked top K) hold;
 * {@link #checkAgainst} verifies that bound on load, so a file built from other factors is refused.
 *
 * @param scale how the scales are chosen
 * @param items number of items
 * @param factors number of factors
 * @param itemScales one positive-or-zero scale per item
 * @param dimensionScales one positive-or-zero scale per factor
 * @param values row-major {@code [items, factors]} levels in {@code [-127, 127]}
 */
record Int8Factors(QuantizationScale scale, int items, int factors, float[] itemScales, float[] dimensionScales,
                   byte[] values) {
    /** Largest allowed error per element, as a fraction of its step ({@code itemScale * dimensionScale}). */
    static final double HALF_STEP = 0.5005;

    Int8Factors {
        Objects.requireNonNull(scale, "scale");
        if (items < 0 || factors < 1 || itemScales.length != items || dimensionScales.length != factors
                || values.length != (long) items * factors) {
            throw new IllegalArgumentException("int8 factor arrays do not match " + items + " items x " + factors + " factors");
        }
    }

    /**
     * Quantises row-major float factors.
     *
     * @throws IllegalArgumentException when a factor is not finite
     */
    static Int8Factors quantize(float[] rowMajor, int items, int factors, QuantizationScale scale) {
        if (rowMajor.length != (long) items * factors) {
            throw new IllegalArgumentException("expected " + items + " x " + factors + " factors, got " + rowMajor.length);
        }
        float[] itemScales = new float[items];
        float[] dimScales = new float[factors];
        java.util.Arrays.fill(itemScales, 1f);
        java.util.Arrays.fill(dimScales, 1f);
        float[] maxAbs = scale == QuantizationScale.ITEM ? itemScales : dimScales;
        java.util.Arrays.fill(maxAbs, 0f);
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < factors; j++) {
                float v = rowMajor[i * factors + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("item factor [" + i + ", " + j + "] is not finite");
                }
                int slot = scale == QuantizationScale.ITEM ? i : j;
                maxAbs[slot] = Math.max(maxAbs[slot], Math.abs(v));
            }
        }
        for (int s = 0; s < maxAbs.length; s++) {
            maxAbs[s] = maxAbs[s] / 127f;
        }
        byte[] values = new byte[rowMajor.length];
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < factors; j++) {
                double step = (double) itemScales[i] * dimScales[j];
                long level = step == 0 ? 0 : Math.round(rowMajor[i * factors + j] / step);
                values[i * factors + j] = (byte) Math.max(-127, Math.min(127, level));
            }
        }
        return new Int8Factors(scale, items, factors, itemScales, dimScales, values);
    }

    /**
     * Checks that every level lies within {@link #HALF_STEP} steps of the float factor it stands for
     * and that every scale is finite and not negative.
     *
     * @return null when it holds, else a message naming the first element that breaks it
     */
    String checkAgainst(java.nio.FloatBuffer rowMajor) {
        for (float s : itemScales) {
            if (!(s >= 0f) || !Float.isFinite(s)) {
                return "an item scale is negative or not finite";
            }
        }
        for (float s : dimensionScales) {
            if (!(s >= 0f) || !Float.isFinite(s)) {
                return "a dimension scale is negative or not finite";
            }
        }
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < factors; j++) {
                int p = i * factors + j;
                float y = rowMajor.get(p);
                double step = (double) itemScales[i] * dimensionScales[j];
                double err = Math.abs(y - step * values[p]);
                if (!Float.isFinite(y) || values[p] == Byte.MIN_VALUE || err > HALF_STEP * step) {
                    return "item index " + i + ", factor " + j + " is not within half a step of item_factors.npy";
                }
            }
        }
        return null;
    }
}
