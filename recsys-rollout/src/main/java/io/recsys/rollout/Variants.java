package io.recsys.rollout;

/** Variant names the built-in strategies put in a {@link io.recsys.core.Route}. */
public final class Variants {
    /** The primary version's variant ({@code fixed}, {@code canary}, {@code shadow}). */
    public static final String PRIMARY = "primary";
    /** The canary version's variant ({@code canary}). */
    public static final String CANARY = "canary";
    /** Version A, the primary, in {@code ab_test} (the seeds' "control"). */
    public static final String A = "A";
    /** Version B, the canary version, in {@code ab_test} (the seeds' "treatment"). */
    public static final String B = "B";

    private Variants() {
    }
}
