package io.recsys.examples.cli;

import io.recsys.als.data.RatingsReader;
import io.recsys.als.eval.HybridTuner;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code recsys tune}: treats the ratings file as training data, carves a validation split from it
 * by leave-last-out, searches the hybrid's hyperparameters within the budget and prints the chosen
 * values and their validation score as JSON.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Tune the hybrid (factors, lambda, alpha, half-life, window, recent items, blend) on a validation "
                + "split carved from the given training interactions; print the chosen values as JSON.")
final class TuneCommand implements Callable<Integer> {
    @Mixin
    AlsOptions als;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        AlsOptions.requireRatings(als.ratings);
        var data = als.ratingsFormat() == null ? RatingsReader.read(als.ratings)
                : RatingsReader.read(als.ratings, als.ratingsFormat(), als.onMalformed());
        if (!ModelOptions.isHybrid(model.modelName(), data.interactions())) {
            throw new IllegalArgumentException("tune searches the hybrid (als-seq); it needs timestamps and not --model als");
        }
        model.tune = true;
        HybridTuner.Result r = HybridTuner.tune(data.interactions(), als.hyperparameters(), model.sequence(),
                model.tuneBudget(), model.tuneTrials, 10);
        System.out.println(RecsysCli.JSON.writeValueAsString(TrainingPipeline.tuningRecord(r)));
        return 0;
    }
}
