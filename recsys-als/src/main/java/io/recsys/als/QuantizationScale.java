package io.recsys.als;

/**
 * How 8-bit item factors are scaled: {@code y[i][j] ~ itemScale[i] * dimensionScale[j] * q[i][j]}
 * with {@code q} in {@code [-127, 127]}.
 */
public enum QuantizationScale {
    /** One scale per item ({@code max_j |y[i][j]| / 127}); every dimension scale is 1. */
    ITEM,
    /** One scale per dimension ({@code max_i |y[i][j]| / 127}); every item scale is 1. */
    DIMENSION
}
