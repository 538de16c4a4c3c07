package io.recsys.als;

/** Receives the progress of a fit after every sweep, on the thread that called {@code fit}. */
@FunctionalInterface
public interface TrainingListener {

    /**
     * Called after each sweep.
     *
     * @param stats the sweep's number, loss and elapsed time
     */
    void onIteration(IterationStats stats);

    /** @return whether the trainer should compute the loss (costs about one CG step per sweep) */
    default boolean wantsLoss() {
        return true;
    }
}
