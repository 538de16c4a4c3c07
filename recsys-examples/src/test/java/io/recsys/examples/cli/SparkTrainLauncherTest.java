package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SparkTrainLauncherTest {

    private static TrainCommand parse(String... args) {
        var train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train;
    }

    @Test
    void trainOptionsBecomeTheJobsArguments() {
        TrainCommand t = parse("--engine", "spark", "--master", "local[3]", "--ratings", "r.csv", "--output-dir", "out",
                "--registry", "reg", "--factors", "16", "--iterations", "4", "--regularization", "0.05", "--alpha", "2",
                "--seed", "9", "--explicit", "--skip-malformed", "--format", "dat", "--model_version", "m1",
                "--data-version", "d1");
        assertThat(t.engine.spark()).isTrue();
        List<String> args = SparkTrainLauncher.jobArguments(t.als, t.engine, t.outputDir, t.modelVersion, t.dataVersion,
                t.manifestDir, true);
        assertThat(args).containsExactly("--master", "local[3]", "--ratings", "r.csv", "--format", "dat", "--output-dir", "out",
                "--rank", "16", "--iterations", "4", "--reg-param", "0.05", "--alpha", "2.0", "--seed", "9",
                "--registry", "reg", "--model-version", "m1", "--data-version", "d1", "--explicit", "--skip-malformed",
                "--evaluate");
    }

    @Test
    void defaultsLeaveTheJobsDefaultsAndLocalTwoCores() {
        TrainCommand t = parse("--engine", "spark", "--ratings", "r.csv", "--output-dir", "out");
        assertThat(SparkTrainLauncher.jobArguments(t.als, t.engine, Path.of("out"), null, null, null, false))
                .containsExactly("--master", "local[2]", "--ratings", "r.csv", "--format", "auto", "--output-dir", "out");
        assertThat(parse("--ratings", "r.csv", "--output-dir", "out").engine.spark()).isFalse();
    }

    @Test
    void inProcessOnlyOptionsAndUnknownEnginesAreRefused() {
        TrainCommand cg = parse("--engine", "spark", "--ratings", "r", "--output-dir", "o", "--cg-steps", "3");
        assertThatThrownBy(() -> SparkTrainLauncher.jobArguments(cg.als, cg.engine, cg.outputDir, null, null, null, false))
                .hasMessageContaining("--cg-steps");
        TrainCommand threads = parse("--engine", "spark", "--ratings", "r", "--output-dir", "o", "--threads", "3");
        assertThatThrownBy(() -> SparkTrainLauncher.jobArguments(threads.als, threads.engine, threads.outputDir, null, null,
                null, false)).hasMessageContaining("local[N]");
        assertThatThrownBy(() -> parse("--engine", "flink", "--ratings", "r", "--output-dir", "o").engine.spark())
                .hasMessageContaining("Unknown --engine 'flink'");
        assertThatThrownBy(() -> SparkTrainLauncher.run(List.of(), "lots")).hasMessageContaining("--driver-memory");
    }
}
