package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.SyntheticData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --registry}: the in-process engine publishes too, with its manifest, and the version verifies. */
class TrainPublishIT {
    @TempDir
    Path temp;

    @Test
    void inProcessTrainPublishesAVersionThatVerifies() throws Exception {
        Path ratings = temp.resolve("ratings.csv");
        DemoCommand.writeCsv(SyntheticData.ofShape(200, 100, 6_000).generate(), ratings);
        Path registry = temp.resolve("registry");
        CliIT.Run train = CliIT.cli("train", "--ratings", ratings.toString(), "--output-dir", temp.resolve("out").toString(),
                "--registry", registry.toString(), "--factors", "8", "--iterations", "2");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("published v0.1 to " + registry);
        assertThat(registry.resolve("v0.1/manifest.json")).exists();
        CliIT.Run verify = CliIT.cli("verify", "--registry", registry.toString(), "--version", "v0.1");
        assertThat(verify.code()).as(verify.out()).isZero();

        CliIT.Run unknown = CliIT.cli("train", "--engine", "flink", "--ratings", ratings.toString(), "--output-dir",
                temp.resolve("x").toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unknown --engine 'flink'");
    }
}
