package io.recsys.examples.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import io.recsys.examples.server.RecsysServer;
import io.recsys.examples.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring assets in {@code docs/monitoring} against a real server: every metric the
 * dashboard and the alert rules query is exported, every rule links to a runbook section that
 * exists, and (when {@code promtool} is installed, as {@code .ci/run} arranges) the rules and the
 * exposition pass {@code promtool check}.
 */
class MonitoringAssetsIT {
    private static final Path DOCS = locateDocs();
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:recommend|model|ab_test|data|service|slo|provenance|shadow|admin|rollout_analysis)_[a-z0-9_]+)\\b");

    @TempDir
    Path temp;

    RecsysServer server;
    String metrics;

    private static Path locateDocs() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs/monitoring"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/monitoring not found above " + here);
    }

    @BeforeEach
    void start() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 40, 300);
        SealedFixtures.publishPopularity(registry, temp, 2000, 40, 300);
        server = RecsysServer.start(ServerOptions.builder(registry.root()).port(0).bindAddress("127.0.0.1").build(),
                Map.of("MODEL_VERSION", "v0.1", "ROLLOUT_STRATEGY", "canary", "CANARY_VERSION", "v0.2",
                        "CANARY_PERCENTAGE", "50"));
        var client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        for (int u = 0; u < 300; u++) {
            client.send(HttpRequest.newBuilder(URI.create(base + "/recommend/" + u)).build(), HttpResponse.BodyHandlers.discarding());
        }
        client.send(HttpRequest.newBuilder(URI.create(base + "/recommend/x")).build(), HttpResponse.BodyHandlers.discarding());
        client.send(HttpRequest.newBuilder(URI.create(base + "/switch?model=v9.9"))
                .header("X-API-Key", java.nio.file.Files.readString(server.adminKeyFile()).trim()).build(),
                HttpResponse.BodyHandlers.discarding());
        metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Set<String> exportedNames() {
        var names = new TreeSet<String>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> referencedNames(String text) {
        var names = new TreeSet<String>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyMetricTheDashboardAndRulesQueryIsExported() throws Exception {
        Set<String> exported = exportedNames();
        var queries = new StringBuilder(Files.readString(DOCS.resolve("monitoring/alert-rules.yml")));
        JsonNode dash = new ObjectMapper().readTree(DOCS.resolve("monitoring/grafana-dashboard.json").toFile());
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.append('\n').append(target.get("expr").asText());
            }
        }
        Set<String> referenced = referencedNames(queries.toString());
        assertThat(referenced).contains("recommend_requests_total", "recommend_latency_seconds_bucket",
                "model_version_info", "model_switches_total", "ab_test_requests_total", "data_drift_psi");
        List<String> missing = new ArrayList<>();
        for (String name : referenced) {
            if (!exported.contains(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).as("queried but not exported").isEmpty();
    }

    @Test
    void seedMetricsAreAllExported() {
        assertThat(exportedNames()).contains("recommend_requests_total", "recommend_latency_seconds_bucket",
                "recommend_errors_total", "model_version_info", "model_switches_total", "model_load_seconds_count",
                "ab_test_requests_total", "ab_test_latency_seconds_bucket", "data_drift_psi", "data_drift_kl",
                "data_missing_ratio", "data_outlier_fraction", "service_uptime_seconds", "service_health_status",
                "slo_latency_target_seconds", "slo_availability_target_ratio", "slo_error_budget_remaining_ratio");
        assertThat(metrics).contains("model_switches_total{from_version=\"v0.1\",status=\"not_found\",to_version=\"other\"}");
    }

    @Test
    void everyAlertLinksToAnExistingRunbookSection() throws Exception {
        String rules = Files.readString(DOCS.resolve("monitoring/alert-rules.yml"));
        String runbook = Files.readString(DOCS.resolve("RUNBOOK.md"));
        var anchors = new TreeSet<String>();
        for (String line : runbook.split("\n")) {
            if (line.startsWith("## ")) {
                anchors.add(line.substring(3).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
            }
        }
        Matcher m = Pattern.compile("runbook_url: \"docs/RUNBOOK.md#([a-z0-9-]+)\"").matcher(rules);
        int links = 0;
        while (m.find()) {
            links++;
            assertThat(anchors).as("runbook section for #" + m.group(1)).contains(m.group(1));
        }
        assertThat(links).isEqualTo(rules.split("- alert:").length - 1);
    }

    @Test
    void promtoolAcceptsRulesAndExposition() throws Exception {
        Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (.ci/run installs the Debian package prometheus)");
        assertThat(run(List.of("promtool", "check", "rules", DOCS.resolve("monitoring/alert-rules.yml").toString()), null))
                .contains("SUCCESS");
        Path exposition = Files.writeString(temp.resolve("metrics.txt"), metrics);
        String out = run(List.of("promtool", "check", "metrics"), exposition);
        // promtool prints lint hints (e.g. about counters' HELP text) but exits 0 only when the exposition parses.
        assertThat(out).doesNotContain("error while linting").doesNotContain("text format parsing error");
    }

    private static boolean onPath(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, cmd))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> cmd, Path stdin) throws Exception {
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }
}
