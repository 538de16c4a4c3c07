package io.recsys.core;

import java.util.Objects;

/**
 * Where one request goes.
 *
 * @param variant the variant name ({@code primary}, {@code canary}, {@code A}, {@code B}, ...)
 * @param servedVersion the version whose answer the user gets
 * @param shadowVersion a version to score off the request path and record, or null
 * @param bucket the user's position in [0,1) that decided the route
 */
public record Route(String variant, ModelVersion servedVersion, ModelVersion shadowVersion, double bucket) {

    /** Validates the components. */
    public Route {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(servedVersion, "servedVersion");
        if (!(bucket >= 0.0 && bucket < 1.0)) {
            throw new IllegalArgumentException("bucket must lie in [0,1), got " + bucket);
        }
    }

    /** @return whether a shadow version should be scored too */
    public boolean hasShadow() {
        return shadowVersion != null;
    }
}
