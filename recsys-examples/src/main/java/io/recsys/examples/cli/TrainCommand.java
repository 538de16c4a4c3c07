package io.recsys.examples.cli;

import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys train}: fit the hybrid (or ALS), write artifacts and a training manifest. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the sequence-aware hybrid (als-seq; ALS with --model als or without timestamps) on a "
                + "ratings file; write artifacts and a training manifest.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    AlsOptions als;

    @Mixin
    ModelOptions model;

    @Mixin
    EngineOptions engine;

    @Mixin
    KafkaTrainOptions kafka;

    @Option(names = {"--output_dir", "--output-dir", "--artifact_dir", "--artifact-dir"}, required = true, paramLabel = "DIR",
            description = "Where to write the artifacts")
    Path outputDir;

    @Option(names = {"--model_version", "--model-version"}, paramLabel = "ID",
            description = "Manifest model_version (default als-YYYYMMDDHHMMSS)")
    String modelVersion;

    @Option(names = {"--data_version", "--data-version"}, paramLabel = "ID",
            description = "Dataset snapshot id (default: the file's SHA-256)")
    String dataVersion;

    @Option(names = {"--manifest_dir", "--manifest-dir"}, paramLabel = "DIR",
            description = "Where to write manifests (default: the output directory)")
    Path manifestDir;

    @Option(names = "--evaluate", description = "Also evaluate with leave-last-out and record HR/NDCG in meta.json")
    boolean evaluate;

    @Override
    public Integer call() throws IOException {
        Path ratings = als.ratings;
        String version = dataVersion;
        if (kafka.enabled()) {
            // a snapshot of the event topic up to its end offsets: to --ratings when given, else beside the artifacts
            var snapshot = kafka.snapshotTo(ratings != null ? ratings
                    : outputDir.resolveSibling(outputDir.getFileName() + "-kafka-snapshot.csv"), System.out);
            ratings = snapshot.file();
            version = version != null ? version : snapshot.dataVersion();
            als.ratings = ratings;
        }
        AlsOptions.requireRatings(ratings);
        if (engine.spark()) {
            return SparkTrainLauncher.run(SparkTrainLauncher.jobArguments(als, engine, outputDir, modelVersion,
                    version, manifestDir, evaluate), engine.driverMemory);
        }
        var result = TrainingPipeline.run(new TrainingPipeline.Spec(ratings, als.ratingsFormat(), als.onMalformed(),
                als.hyperparameters(), outputDir, modelVersion, version, manifestDir, evaluate, 10,
                model.modelName(), model.sequence(), model.tuneBudget(), model.tuneTrials), System.out);
        if (engine.registry != null) {
            RegisteredVersion v = RecsysCli.export(new FileSystemModelRegistry(engine.registry), result.artifactDir(),
                    model.modelName(), ratings, false, true);
            System.out.println("published " + v.version() + " to " + engine.registry);
        }
        return 0;
    }
}
