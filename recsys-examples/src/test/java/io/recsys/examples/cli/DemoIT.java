package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import picocli.CommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end on a small synthetic shape: two versions, a 10% canary, and the printed tour. */
class DemoIT {
    @TempDir
    Path temp;

    @Test
    void demo_buildsTwoVerifiedVersionsAndServesACanary() throws Exception {
        var demo = new DemoCommand();
        demo.dir = temp.resolve("demo");
        demo.users = 400;
        demo.items = 300;
        demo.interactions = 30_000;
        demo.port = 0;
        DemoCommand.Prepared p = demo.prepare();
        assertThat(p.first().version()).hasToString("v0.1");
        assertThat(p.second().version()).hasToString("v0.2");
        assertThat(RecsysCli.run("verify", "--registry", p.registry().toString(), "--version", "v0.1")).isZero();
        assertThat(RecsysCli.run("verify", "--registry", p.registry().toString(), "--version", "v0.2")).isZero();

        try (RecsysServer server = RecsysServer.start(p.options().toBuilder().port(0).build(), p.env())) {
            var status = server.service().rolloutStatus();
            assertThat(status.strategy()).isEqualTo("canary");
            assertThat(status.primaryVersion()).isEqualTo("v0.1");
            assertThat(status.canaryVersion()).isEqualTo("v0.2");
            assertThat(status.canaryPercentage()).isEqualTo(10.0);
            assertThat(DemoCommand.describe(status)).isEqualTo("recsys demo is serving v0.1 with v0.2 as a 10% canary (canary)");

            List<String> tour = DemoCommand.tour(server.port(), server.adminKeyFile(), p);
            assertThat(tour).anyMatch(l -> l.contains("/recommend/42")).anyMatch(l -> l.contains("/switch?model=v0.2"))
                    .anyMatch(l -> l.contains("/trace/")).anyMatch(l -> l.contains("/metrics"))
                    .anyMatch(l -> l.contains("/experiment/analyze"))
                    .anyMatch(l -> l.contains("/switch?model=v0.2") && l.contains("X-API-Key: $key"));
            assertThat(server.adminKeyFile()).isNotNull();
            assertThat(String.join("\n", tour)).doesNotContain(Files.readString(server.adminKeyFile()).trim());
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                    "curl is needed to run the tour as printed");
            // Run every curl line exactly as printed (the ./recsys line needs the built jar: checked above in-process).
            String script = String.join("\n", tour.stream().filter(l -> !l.trim().startsWith("./recsys"))
                    .map(l -> l.replaceAll("\\s+#.*$", "").replace("seq 1 2000", "seq 1 200"))
                    .map(l -> "set -e; " + l.trim() + "; echo").toList());
            Process proc = new ProcessBuilder("bash", "-c", "set -o pipefail\n" + script).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).as(out).isZero();
            assertThat(out).contains("\"items\":[").containsIgnoringCase("X-Model-Version").contains("\"trace\":")
                    .contains("\"statistical_analysis\"").contains("recommend_requests_total")
                    .contains("\"previous_version\":\"v0.1\"").doesNotContain("\"error\"");
            assertThat(server.service().activeVersion()).hasToString("v0.1"); // the tour ends with the rollback
        }
    }

    /**
     * The demo reads the environment exactly as serve does (one shared piece of code): the admin key,
     * the image digest, and a rollout the environment chooses wins over the demo's default canary.
     */
    @Test
    void demo_honoursTheEnvironmentAsServeDoes() throws Exception {
        String key = "demo-env-key-0123456789abcdef";
        Map<String, String> env = Map.of("MODEL_ADMIN_API_KEY", key, "CONTAINER_IMAGE_DIGEST", "sha256:feedface",
                "MODEL_VERSION", "v0.2", "ROLLOUT_STRATEGY", "fixed", "ENVIRONMENT", "staging");
        var demo = new DemoCommand();
        demo.dir = temp.resolve("demo-env");
        demo.users = 200;
        demo.items = 150;
        demo.interactions = 8_000;
        demo.port = 0;
        demo.env = env;
        DemoCommand.Prepared p = demo.prepare();

        var cli = new CommandLine(new RecsysCli());
        cli.parseArgs("serve", "--registry", p.registry().toString());
        ServerOptions serve = ((RecsysCli.Serve) cli.getSubcommands().get("serve").getCommand()).serve.options(env);
        assertThat(p.options().adminKey()).isEqualTo(serve.adminKey()).isEqualTo(key);
        assertThat(p.options().imageDigest()).isEqualTo(serve.imageDigest()).isEqualTo("sha256:feedface");
        assertThat(p.options().rollout()).isEqualTo(serve.rollout());

        try (RecsysServer server = RecsysServer.start(p.options().toBuilder().port(0).build(), p.env())) {
            var status = server.service().rolloutStatus();
            assertThat(status.strategy()).isEqualTo("fixed");
            assertThat(status.primaryVersion()).isEqualTo("v0.2");
            assertThat(status.environment()).isEqualTo("staging");
            assertThat(DemoCommand.describe(status)).isEqualTo("recsys demo is serving v0.2 (fixed)");
            assertThat(server.adminKeyFile()).as("the key came from the environment").isNull();

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(base + "/switch?model=v0.1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noKey.statusCode()).isEqualTo(401);
            HttpResponse<String> withKey = http.send(HttpRequest.newBuilder(URI.create(base + "/switch?model=v0.1"))
                    .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(200);
            HttpResponse<String> rec = http.send(HttpRequest.newBuilder(URI.create(base + "/recommend/1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rec.body()).contains("\"container_image_digest\":\"sha256:feedface\"");
        }
    }

    @Test
    void demo_refusesToWipeADirectoryItDidNotMake() throws Exception {
        Path mine = Files.createDirectories(temp.resolve("precious"));
        Files.writeString(mine.resolve("keep.txt"), "data");
        var err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = RecsysCli.run("demo", "--dir", mine.toString(), "--no-serve", "--users", "50", "--items", "40",
                    "--interactions", "500");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(Files.readString(mine.resolve("keep.txt"))).isEqualTo("data");
    }
}
