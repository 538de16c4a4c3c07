package io.recsys.als;

import io.recsys.als.data.Interactions;
import java.util.Objects;

/**
 * Fits the sequence-aware hybrid: recency-weighted implicit ALS ({@link AlsTrainer}) plus the
 * next-item and recent-items tables ({@link SequenceTables}). Deterministic for a seed and
 * independent of the thread count, like the ALS fit. Thread-safe.
 */
public final class HybridTrainer {
    private final AlsHyperparameters als;
    private final SequenceHyperparameters sequence;

    /**
     * @param als the ALS hyperparameters
     * @param sequence the sequence and blend hyperparameters
     */
    public HybridTrainer(AlsHyperparameters als, SequenceHyperparameters sequence) {
        this.als = Objects.requireNonNull(als, "als");
        this.sequence = Objects.requireNonNull(sequence, "sequence");
    }

    /**
     * @param data the training interactions (ordered by their timestamps when they have some)
     * @return the fitted hybrid
     * @throws IllegalArgumentException when {@code data} is empty
     */
    public HybridModel fit(Interactions data) {
        AlsModel model = new AlsTrainer(als).fit(data);
        return new HybridModel(model, SequenceTables.build(data, sequence), sequence);
    }
}
