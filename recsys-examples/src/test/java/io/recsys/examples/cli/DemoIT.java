package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.examples.server.RecsysServer;
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
