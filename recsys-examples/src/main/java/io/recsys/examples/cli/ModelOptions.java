package io.recsys.examples.cli;

import io.recsys.als.AlsModelLoader;
import io.recsys.als.HybridModelLoader;
import io.recsys.als.SequenceHyperparameters;
import io.recsys.als.data.Interactions;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Shared options: which model family, the hybrid's sequence values, and tuning. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = "auto", paramLabel = "NAME",
            description = "als-seq (sequence-aware hybrid), als, or auto: the hybrid when the data has timestamps "
                    + "(default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--window", paramLabel = "N", description = "Hybrid: positions after an item that count as its successors")
    Integer window;

    @Option(names = "--successors", paramLabel = "N", description = "Hybrid: successors kept per item")
    Integer successors;

    @Option(names = {"--recent-items", "--recent_items"}, paramLabel = "N", description = "Hybrid: recent items per user")
    Integer recentItems;

    @Option(names = {"--recent-decay", "--recent_decay"}, paramLabel = "X", description = "Hybrid: weight per step back, (0, 1]")
    Double recentDecay;

    @Option(names = "--blend", paramLabel = "X", description = "Hybrid: weight of the ALS term")
    Double blend;

    @Option(names = "--tune", description = "Tune the hybrid on a validation split carved from the training interactions")
    boolean tune;

    @Option(names = {"--tune-budget", "--tune_budget"}, defaultValue = "60", paramLabel = "SECONDS",
            description = "Tuning time budget (default: ${DEFAULT-VALUE})")
    double tuneBudgetSeconds;

    @Option(names = {"--tune-trials", "--tune_trials"}, defaultValue = "200", paramLabel = "N",
            description = "At most this many tuning candidates (default: ${DEFAULT-VALUE})")
    int tuneTrials;

    SequenceHyperparameters sequence() {
        var b = SequenceHyperparameters.builder();
        if (window != null) {
            b.window(window);
        }
        if (successors != null) {
            b.successors(successors);
        }
        if (recentItems != null) {
            b.recentItems(recentItems);
        }
        if (recentDecay != null) {
            b.recentDecay(recentDecay);
        }
        if (blend != null) {
            b.blend(blend);
        }
        return b.build();
    }

    /** @return the tuning budget, or null without --tune */
    Duration tuneBudget() {
        if (!tune) {
            return null;
        }
        if (!(tuneBudgetSeconds > 0) || tuneBudgetSeconds > 86_400) {
            throw new IllegalArgumentException("--tune-budget must be in (0, 86400] seconds");
        }
        if (tuneTrials < 1) {
            throw new IllegalArgumentException("--tune-trials must be >= 1");
        }
        return Duration.ofMillis((long) (tuneBudgetSeconds * 1000));
    }

    /** @return the model name as given ("auto" resolved later against the data) */
    String modelName() {
        String m = model.toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals(AlsModelLoader.MODEL_NAME) && !m.equals(HybridModelLoader.MODEL_NAME)) {
            throw new IllegalArgumentException("Unknown --model '" + model + "'; use auto, als or als-seq");
        }
        return m.equals("auto") ? null : m;
    }

    /**
     * @param model "als", "als-seq" or null (auto)
     * @param data the interactions
     * @return whether the hybrid is meant
     * @throws IllegalArgumentException when the hybrid is asked for data without timestamps
     */
    static boolean isHybrid(String model, Interactions data) {
        if (model == null) {
            return data.hasTimestamps();
        }
        if (model.equals(HybridModelLoader.MODEL_NAME) && !data.hasTimestamps()) {
            throw new IllegalArgumentException("als-seq needs timestamps to order each user's history; use --model als");
        }
        return model.equals(HybridModelLoader.MODEL_NAME);
    }
}
