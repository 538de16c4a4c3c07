package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.als.data.SyntheticData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI commands on real files, in-process. */
class CliIT {
    @TempDir
    Path temp;

    Path ratings;

    record Run(int code, String out, String err) {
    }

    static synchronized Run cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = RecsysCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @BeforeEach
    void data() throws Exception {
        ratings = temp.resolve("ratings.csv");
        DemoCommand.writeCsv(SyntheticData.ofShape(300, 200, 15_000).generate(), ratings);
    }

    @Test
    void trainExportVerify_withSeedFlagSpellings() throws Exception {
        Path out = temp.resolve("artifacts");
        Run train = cli("train", "--ratings_csv", ratings.toString(), "--output_dir", out.toString(),
                "--model_version", "als-test-1", "--data_version", "snap-7", "--factors", "8", "--iterations", "3", "--evaluate",
                "--model", "als");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("iteration  1/3").contains("iteration  3/3").contains("evaluation (leave-last-out): HR@10=");
        assertThat(out.resolve("user_factors.npy")).exists();
        assertThat(out.resolve("manifests/als-test-1.json")).exists();
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("model_manifest.json").toFile());
        assertThat(manifest.get("model_version").asText()).isEqualTo("als-test-1");
        assertThat(manifest.get("data").get("dataset_version").asText()).isEqualTo("snap-7");
        assertThat(manifest.get("hyperparameters").get("factors").asInt()).isEqualTo(8);

        Path registry = temp.resolve("registry");
        Run export = cli("export", "--source", out.toString(), "--registry", registry.toString(), "--model-name", "als",
                "--data-path", ratings.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().trim()).isEqualTo("v0.1");
        JsonNode meta = new ObjectMapper().readTree(registry.resolve("v0.1/meta.json").toFile());
        assertThat(meta.get("data_snapshot_id").asText()).isEqualTo("snap-7");
        assertThat(meta.get("manifest_sha256").asText()).isEqualTo(manifest.get("manifest_sha256").asText());
        assertThat(meta.get("metrics").get("hr").isNumber()).isTrue();
        assertThat(registry.resolve("v0.1/manifest.json")).exists();

        Run ok = cli("verify", "--registry", registry.toString(), "--version", "v0.1");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("v0.1: OK");

        Path itemFactors = registry.resolve("v0.1/als/item_factors.npy");
        byte[] bytes = Files.readAllBytes(itemFactors);
        bytes[bytes.length - 1] ^= 1;
        Files.write(itemFactors, bytes);
        Run bad = cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--json");
        assertThat(bad.code()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(bad.out());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("problems").toString()).contains("artifact_sha mismatch").contains("item_factors");

        assertThat(cli("verify", "--registry", registry.toString(), "--version", "v0.1/../x").code()).isEqualTo(1);
        assertThat(cli("verify", "--registry", registry.toString(), "--version", "v9.9").err()).contains("Unknown model version v9.9");
    }

    @Test
    void keygenSignedExport_verifiesWithTheTrustedKeyOnly() throws Exception {
        Path out = temp.resolve("signed-artifacts");
        assertThat(cli("train", "--ratings", ratings.toString(), "--output-dir", out.toString(), "--factors", "4",
                "--iterations", "2").code()).isZero();
        Run keygen = cli("keygen", "--out", temp.resolve("keys/release").toString());
        assertThat(keygen.code()).as(keygen.err()).isZero();
        String keyId = keygen.out().trim();
        assertThat(keyId).matches("[0-9a-f]{16}");
        assertThat(cli("keygen", "--out", temp.resolve("keys/release").toString()).code()).as("never overwrites").isEqualTo(1);
        assertThat(cli("keygen", "--out", temp.resolve("keys/other").toString()).code()).isZero();
        Path registry = temp.resolve("signed-registry");
        Run export = cli("export", "--source", out.toString(), "--registry", registry.toString(),
                "--signing-key", temp.resolve("keys/release.key").toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(registry.resolve("v0.1/signature.json")).exists();
        assertThat(Files.readString(registry.resolve("v0.1/signature.json"))).doesNotContain("PRIVATE");

        Run trusted = cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--json", "--require-signature",
                "--trust-key", temp.resolve("keys/release.pub").toString());
        assertThat(trusted.code()).as(trusted.out()).isZero();
        JsonNode report = new ObjectMapper().readTree(trusted.out());
        assertThat(report.get("signature").asText()).isEqualTo("valid");
        assertThat(report.get("signing_key").asText()).isEqualTo(keyId);
        Run untrusted = cli("verify", "--registry", registry.toString(), "--version", "v0.1",
                "--trust-key", temp.resolve("keys/other.pub").toString());
        assertThat(untrusted.code()).isEqualTo(1);
        assertThat(untrusted.out()).contains("not trusted");

        // unsigned versions fail only when a signature is required
        assertThat(cli("export", "--source", out.toString(), "--registry", registry.toString()).code()).isZero();
        assertThat(cli("verify", "--registry", registry.toString(), "--version", "v0.2").code()).isZero();
        Run unsigned = cli("verify", "--registry", registry.toString(), "--version", "v0.2", "--require-signature",
                "--trust-key", temp.resolve("keys/release.pub").toString());
        assertThat(unsigned.code()).isEqualTo(1);
        assertThat(unsigned.out()).contains("not signed");
    }

    @Test
    void exportQuantizeInt8_storesSignedLevelsThatServeTheSameAnswers() throws Exception {
        Path out = temp.resolve("int8-artifacts");
        assertThat(cli("train", "--ratings", ratings.toString(), "--output-dir", out.toString(), "--factors", "8",
                "--iterations", "2", "--model", "als").code()).isZero();
        assertThat(cli("keygen", "--out", temp.resolve("keys/release").toString()).code()).isZero();
        Path registry = temp.resolve("int8-registry");
        Run export = cli("export", "--source", out.toString(), "--registry", registry.toString(), "--quantize", "int8",
                "--signing-key", temp.resolve("keys/release.key").toString());
        assertThat(export.code()).as(export.err()).isZero();
        Path int8 = registry.resolve("v0.1/als/" + io.recsys.als.QuantizedItemFactors.FILE);
        assertThat(int8).isRegularFile();
        assertThat(out.resolve(io.recsys.als.QuantizedItemFactors.FILE)).as("the source is left as it was").doesNotExist();
        assertThat(cli("export", "--source", out.toString(), "--registry", registry.toString()).code()).isZero();
        assertThat(registry.resolve("v0.2/als/" + io.recsys.als.QuantizedItemFactors.FILE)).doesNotExist();

        var reg = new io.recsys.core.registry.FileSystemModelRegistry(registry);
        var quantized = new io.recsys.als.AlsModelLoader().load(reg.get(io.recsys.core.ModelVersion.parse("v0.1")));
        var plain = new io.recsys.als.AlsModelLoader().load(reg.get(io.recsys.core.ModelVersion.parse("v0.2")));
        for (long user = 0; user < 300; user++) {
            assertThat(quantized.recommend(user, 10)).isEqualTo(plain.recommend(user, 10));
        }

        assertThat(cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--require-signature",
                "--trust-key", temp.resolve("keys/release.pub").toString()).code()).isZero();
        byte[] bytes = Files.readAllBytes(int8);
        bytes[bytes.length - 1] ^= 1;
        Files.write(int8, bytes);
        Run bad = cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--json");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("artifact_sha mismatch");
        assertThat(cli("export", "--source", out.toString(), "--registry", registry.toString(), "--quantize", "int4")
                .err()).contains("--quantize must be none or int8");
        Path hybrid = temp.resolve("hybrid-artifacts");
        assertThat(cli("train", "--ratings", ratings.toString(), "--output-dir", hybrid.toString(), "--factors", "4",
                "--iterations", "1").code()).isZero();
        assertThat(cli("export", "--source", hybrid.toString(), "--registry", registry.toString(), "--quantize", "int8")
                .err()).contains("apply to ALS artifacts");
    }

    @Test
    void exportAnn_storesASignedIndexThatServesNearlyTheExactAnswers() throws Exception {
        Path out = temp.resolve("ann-artifacts");
        assertThat(cli("train", "--ratings", ratings.toString(), "--output-dir", out.toString(), "--factors", "8",
                "--iterations", "2", "--model", "als").code()).isZero();
        assertThat(cli("keygen", "--out", temp.resolve("keys/release").toString()).code()).isZero();
        Path registry = temp.resolve("ann-registry");
        Run export = cli("export", "--source", out.toString(), "--registry", registry.toString(), "--ann",
                "--ann-min-items", "0", "--ann-breadth", "50", "--signing-key", temp.resolve("keys/release.key").toString());
        assertThat(export.code()).as(export.err()).isZero();
        Path als = registry.resolve("v0.1/als");
        assertThat(als.resolve(io.recsys.als.AnnSettings.DIR)).isDirectory();
        assertThat(als.resolve(io.recsys.als.AnnSettings.FILE)).content().contains("\"breadth\" : 50");
        assertThat(out.resolve(io.recsys.als.AnnSettings.DIR)).as("the source is left as it was").doesNotExist();
        assertThat(cli("export", "--source", out.toString(), "--registry", registry.toString()).code()).isZero();

        var reg = new io.recsys.core.registry.FileSystemModelRegistry(registry);
        var ann = new io.recsys.als.AlsModelLoader().load(reg.get(io.recsys.core.ModelVersion.parse("v0.1")));
        var plain = new io.recsys.als.AlsModelLoader().load(reg.get(io.recsys.core.ModelVersion.parse("v0.2")));
        int hits = 0;
        int wanted = 0;
        for (long user = 0; user < 300; user++) {
            var want = plain.recommend(user, 10).stream().map(io.recsys.core.ScoredItem::itemId).toList();
            wanted += want.size();
            hits += (int) ann.recommend(user, 10).stream().filter(s -> want.contains(s.itemId())).count();
        }
        assertThat(hits / (double) wanted).isGreaterThanOrEqualTo(0.9);

        assertThat(cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--require-signature",
                "--trust-key", temp.resolve("keys/release.pub").toString()).code()).isZero();
        Path someFile;
        try (var files = Files.list(als.resolve(io.recsys.als.AnnSettings.DIR))) {
            someFile = files.filter(p -> p.getFileName().toString().endsWith(".vex")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(someFile);
        bytes[bytes.length / 2] ^= 1;
        Files.write(someFile, bytes);
        Run bad = cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--json");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("artifact_sha mismatch");
    }

    @Test
    void exportNpz_writesTheSeedsFilesForNumPy_andTrainTakesTheSeedsArtifactDirSpelling() throws Exception {
        Path out = temp.resolve("npz-artifacts");
        assertThat(cli("train", "--ratings", ratings.toString(), "--artifact_dir", out.toString(), "--factors", "4",
                "--iterations", "2").code()).isZero();
        Path npz = temp.resolve("npz");
        Run export = cli("export", "--source", out.toString(), "--format", "npz", "--output", npz.toString());
        assertThat(export.code()).as(export.err()).isZero();
        var users = io.recsys.core.npy.Npy.read(out.resolve("user_ids.npy")).toLongArray();
        JsonNode userMap = new ObjectMapper().readTree(npz.resolve("user_map.json").toFile());
        assertThat(userMap.size()).isEqualTo(users.length);
        assertThat(userMap.get(Long.toString(users[3])).asInt()).isEqualTo(3);
        assertThat(new ObjectMapper().readTree(npz.resolve("movie_map.json").toFile()).size()).isPositive();
        var names = new java.util.ArrayList<String>();
        try (var zip = new java.util.zip.ZipFile(npz.resolve("als_model.npz").toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                names.add(e.getName());
                Path extracted = temp.resolve("x-" + e.getName());
                try (var in = zip.getInputStream(e)) {
                    Files.copy(in, extracted);
                }
                assertThat(io.recsys.core.npy.Npy.read(extracted).rows()).isPositive();
            }
        }
        assertThat(names).containsExactly("user_factors.npy", "item_factors.npy");
        assertThat(cli("export", "--source", out.toString(), "--format", "npz").code()).isEqualTo(1);
    }

    @Test
    void kebabCaseFlagsWorkToo() {
        Run train = cli("train", "--ratings", ratings.toString(), "--output-dir", temp.resolve("a").toString(),
                "--model-version", "m1", "--factors", "4", "--iterations", "1", "--seed", "3");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(temp.resolve("a/manifests/m1.json")).exists();
    }

    @Test
    void evaluate_jsonReportsBothModelsAndHyperparameters() throws Exception {
        Run r = cli("evaluate", "--ratings", ratings.toString(), "--k", "10", "--json", "--factors", "8", "--iterations", "3");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String model : new String[] {"als", "popularity"}) {
            for (String metric : new String[] {"hr", "ndcg", "precision", "recall", "map", "coverage"}) {
                assertThat(j.get(model).get(metric).isNumber()).as(model + "." + metric).isTrue();
            }
        }
        assertThat(j.get("hyperparameters").get("factors").asInt()).isEqualTo(8);
        assertThat(j.get("als").get("hr").asDouble()).isGreaterThan(j.get("popularity").get("hr").asDouble());
    }

    @Test
    void evaluate_seedsReportMeansBesidePerSeedValuesAndTheHybridUnderItsOwnKey() throws Exception {
        Run r = cli("evaluate", "--ratings", ratings.toString(), "--json", "--factors", "8", "--iterations", "3",
                "--seeds", "1,2", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("model").asText()).isEqualTo("als-seq");
        for (String model : new String[] {"als", "hybrid"}) {
            JsonNode m = j.get(model);
            assertThat(m.get("per_seed")).hasSize(2);
            double mean = (m.get("per_seed").get(0).get("ndcg").asDouble() + m.get("per_seed").get(1).get("ndcg").asDouble()) / 2;
            assertThat(m.get("ndcg").asDouble()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(m.get("ndcg_ties_against").asDouble()).isLessThanOrEqualTo(m.get("ndcg").asDouble() + 1e-12);
            assertThat(m.get("per_seed").get(1).get("seed").asLong()).isEqualTo(2);
        }
        assertThat(j.get("sequence").get("window").asInt()).isEqualTo(3);

        Run plain = cli("evaluate", "--ratings", ratings.toString(), "--json", "--factors", "8", "--iterations", "3",
                "--model", "als");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(new ObjectMapper().readTree(plain.out()).has("hybrid")).isFalse();
    }

    @Test
    void train_defaultsToTheHybridWhoseTablesTheRegistryHashCovers() throws Exception {
        Path out = temp.resolve("seq");
        Run train = cli("train", "--ratings", ratings.toString(), "--output-dir", out.toString(), "--factors", "8",
                "--iterations", "2", "--tune", "--tune-trials", "3", "--tune-budget", "600");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("over 3 candidates");
        assertThat(out.resolve("transitions_items.npy")).exists();
        JsonNode meta = new ObjectMapper().readTree(out.resolve("meta.json").toFile());
        assertThat(meta.get("type").asText()).isEqualTo("als-seq");
        assertThat(meta.get("tuning").get("trials").asInt()).isEqualTo(3);
        assertThat(meta.get("tuning").get("validation_ndcg@10").isNumber()).isTrue();
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("model_manifest.json").toFile());
        assertThat(manifest.get("hyperparameters").get("tuning").get("trials").asInt()).isEqualTo(3);

        Path registry = temp.resolve("registry-seq");
        Run export = cli("export", "--source", out.toString(), "--registry", registry.toString(), "--data-path",
                ratings.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(cli("verify", "--registry", registry.toString(), "--version", "v0.1").code()).isZero();
        Path table = registry.resolve("v0.1/als-seq/transitions_weights.npy");
        byte[] bytes = Files.readAllBytes(table);
        bytes[bytes.length - 1] ^= 1;
        Files.write(table, bytes);
        Run bad = cli("verify", "--registry", registry.toString(), "--version", "v0.1", "--json");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("artifact_sha mismatch");

        Run tune = cli("tune", "--ratings", ratings.toString(), "--factors", "8", "--iterations", "2", "--tune-trials", "2");
        assertThat(tune.code()).as(tune.err()).isZero();
        assertThat(new ObjectMapper().readTree(tune.out()).get("trials").asInt()).isEqualTo(2);
    }

    @Test
    void malformedRatingsFailWithFileAndLineOrAreSkippedOnRequest() throws Exception {
        Path broken = temp.resolve("broken.csv");
        Files.writeString(broken, "userId,movieId,rating,timestamp\n1,2,5,100\n1,3\n2,2,4,101\n3,4,1,102\n");
        Run fail = cli("train", "--ratings", broken.toString(), "--format", "csv", "--output-dir", temp.resolve("x").toString());
        assertThat(fail.code()).isEqualTo(1);
        assertThat(fail.err()).contains("broken.csv").contains("line 3");
        Run skip = cli("train", "--ratings", broken.toString(), "--format", "csv", "--skip-malformed",
                "--output-dir", temp.resolve("y").toString(), "--factors", "2", "--iterations", "1");
        assertThat(skip.code()).as(skip.err()).isZero();
        assertThat(skip.out()).contains("skipped 1 malformed lines");
        assertThat(cli("train", "--ratings", broken.toString(), "--format", "xml", "--output-dir", "z").err())
                .contains("Unknown --format 'xml'");
    }

    @Test
    void availabilityAndModelUpdatesReports() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("logs"));
        long now = Instant.now().toEpochMilli();
        var sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("{\"request_id\":\"r").append(i).append("\",\"ts\":").append(now - 3_600_000L)
                    .append(",\"user_id\":1,\"status\":").append(i < 8 ? 200 : 500)
                    .append(",\"latency_ms\":5,\"k\":10,\"movie_ids\":[1],\"model_version\":\"v0.1\",\"model_name\":\"als\","
                            + "\"git_sha\":\"a\",\"data_snapshot_id\":\"d\",\"container_image_digest\":null}\n");
        }
        sb.append("not json\n");
        Files.writeString(logs.resolve("provenance-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + ".jsonl"), sb);
        Run a = cli("availability", "--log", logs.toString(), "--hours", "72", "--json");
        assertThat(a.code()).as(a.err() + a.out()).isZero();
        JsonNode j = new ObjectMapper().readTree(a.out());
        assertThat(j.toString()).contains("80.0");
        Run text = cli("availability", "--log", logs.toString(), "--hours", "72", "--threshold", "90");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("API AVAILABILITY REPORT").contains("FAIL");

        Path switches = temp.resolve("switch_events.jsonl");
        Instant t = Instant.now().minusSeconds(3 * 86_400);
        Files.writeString(switches,
                "{\"timestamp\":\"" + t + "\",\"from_version\":\"v0.1\",\"to_version\":\"v0.2\",\"status\":\"success\"}\n"
                + "{\"timestamp\":\"" + t.plusSeconds(86_400) + "\",\"from_version\":\"v0.2\",\"to_version\":\"v0.3\",\"status\":\"success\"}\n");
        Run u = cli("model-updates", "--log", switches.toString());
        assertThat(u.code()).as(u.out() + u.err()).isZero();
        assertThat(u.out()).contains("MODEL UPDATE VERIFICATION REPORT").contains("v0.1").contains("PASS");

        // both reports take the directory `serve --provenance-log` writes, with the switch log beside the request logs
        Files.copy(switches, logs.resolve("switch_events.jsonl"));
        JsonNode again = new ObjectMapper().readTree(cli("availability", "--log", logs.toString(), "--hours", "72",
                "--json").out());
        assertThat(again.get("malformed_lines").asLong()).isEqualTo(j.get("malformed_lines").asLong());
        Run fromDir = cli("model-updates", "--log", logs.toString());
        assertThat(fromDir.code()).as(fromDir.out() + fromDir.err()).isZero();
        assertThat(fromDir.out()).contains("PASS");
    }

    @Test
    void retrain_publishesTheNextVersion() throws Exception {
        Path registry = temp.resolve("registry");
        for (int i = 1; i <= 2; i++) {
            Run r = cli("retrain", "--ratings", ratings.toString(), "--registry", registry.toString(), "--factors", "4",
                    "--iterations", "2");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("published v0." + i);
        }
        assertThat(Files.readString(registry.resolve("latest.txt")).trim()).isEqualTo("v0.2");
        assertThat(cli("retrain", "--ratings", ratings.toString(), "--registry", registry.toString(), "--switch").err())
                .contains("--server");
    }

    @Test
    void help_listsEveryCommand() {
        Run r = cli("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("train", "evaluate", "export", "verify", "serve", "demo", "availability",
                "model-updates", "retrain");
        assertThat(cli("serve", "--help").out()).contains("--registry").contains("--canary-percentage");
        assertThat(cli("bogus").code()).isEqualTo(2);
        assertThat(r.out() + r.err()).doesNotContain("WARN");
    }

    @Test
    void everyCommandsHelp_exitsZeroWithoutWarnings() {
        for (String command : List.of("train", "evaluate", "tune", "export", "verify", "serve", "demo", "availability",
                "model-updates", "retrain", "keygen")) {
            Run r = cli(command, "--help");
            assertThat(r.code()).as(command + " --help: " + r.err()).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: recsys " + command);
            assertThat(r.out() + r.err()).as(command).doesNotContain("WARN").doesNotContain("Missing required");
        }
    }

    @Test
    void scheduledRetrain_publishesAndStartsACanaryOnTheRunningServer() throws Exception {
        Path registry = temp.resolve("registry");
        assertThat(cli("retrain", "--ratings", ratings.toString(), "--registry", registry.toString(), "--factors", "4",
                "--iterations", "2").code()).isZero();
        try (var server = io.recsys.examples.server.RecsysServer.start(
                io.recsys.examples.server.ServerOptions.builder(registry).port(0).bindAddress("127.0.0.1").build(),
                java.util.Map.of())) {
            String what = RecsysCli.retrainInProcess(server, ratings, 20.0);
            assertThat(what).isEqualTo("published v0.2 as a 20.0% canary");
            var status = server.service().rolloutStatus();
            assertThat(status.strategy()).isEqualTo("canary");
            assertThat(status.canaryVersion()).isEqualTo("v0.2");
            assertThat(status.canaryPercentage()).isEqualTo(20.0);
            assertThat(Files.readString(registry.resolve("serving_state.json"))).contains("\"canary_version\" : \"v0.2\"");
        }
    }

    @Test
    void retrainWithoutTheAdminKey_publishesNothing() throws Exception {
        Path registry = temp.resolve("keyed-registry");
        assertThat(cli("retrain", "--ratings", ratings.toString(), "--registry", registry.toString(), "--factors", "4",
                "--iterations", "2").code()).isZero();
        assertThat(System.getenv("MODEL_ADMIN_API_KEY")).as("this test needs the key unset in its environment").isNull();
        try (var server = io.recsys.examples.server.RecsysServer.start(
                io.recsys.examples.server.ServerOptions.builder(registry).port(0).bindAddress("127.0.0.1")
                        .adminKey("the-servers-key").build(), java.util.Map.of())) {
            Run r = cli("retrain", "--ratings", ratings.toString(), "--registry", registry.toString(), "--factors", "4",
                    "--iterations", "2", "--server", "http://127.0.0.1:" + server.port(), "--canary", "10");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("nothing was trained or published").doesNotContain("the-servers-key");
            assertThat(new io.recsys.core.registry.FileSystemModelRegistry(registry).versions()).hasSize(1);
        }
    }
}
