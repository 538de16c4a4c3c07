package io.recsys.examples.cli;

import io.recsys.core.RolloutUpdate;
import io.recsys.examples.server.RecsysServer;
import io.recsys.experiments.analysis.RolloutPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./recsys demo --analysed-canary}: v0.2 starts as an analysed canary with short steps,
 * and the traffic simulator replays the held-out interactions as users against the demo server,
 * so the analysis has conversions to judge and walks (or rolls back) on its own.
 */
final class AnalysedCanaryDemo {
    /** Short steps so the whole walk takes a few minutes. */
    static final RolloutPlan PLAN = RolloutPlan.builder().steps(List.of(5.0, 25.0, 50.0, 100.0)).minUsersPerStep(50)
            .minStepDuration(Duration.ofSeconds(30)).interval(Duration.ofSeconds(5)).build();

    private AnalysedCanaryDemo() {
    }

    /** Starts the analysed canary and the simulator (a daemon thread, 100 requests/s for 15 minutes). */
    static void start(RecsysServer server, String canary, Map<Long, Long> heldOut) {
        server.startAnalysedRollout(RolloutUpdate.of("canary", canary, null), PLAN);
        TrafficSimulator simulator;
        try {
            simulator = new TrafficSimulator(new TrafficSimulator.Settings(URI.create("http://127.0.0.1:" + server.port()),
                    heldOut, 100, Duration.ofMinutes(15), 90_000, 10, 2, 42, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(() -> {
            try {
                SimulateCommand.print(simulator.run(() -> false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "recsys-demo-simulator");
        t.setDaemon(true);
        t.start();
    }

    /** @return what to watch, each line a command that works as printed */
    static List<String> watch(int port, Path keyFile, Path switchLog) {
        String base = "http://127.0.0.1:" + port;
        var lines = new ArrayList<String>();
        lines.add("  watch -n 2 \"curl -s '" + base + "/rollout/status' | jq '.analysis | {status, step, weight, reason}'\"");
        lines.add("  curl -s '" + base + "/rollout/status' | jq '.analysis.last_decision.checks'   # each check's evidence");
        lines.add("  curl -s '" + base + "/metrics' | grep '^rollout_analysis'");
        lines.add("  grep analysis_ '" + switchLog + "'                       # every decision with its evidence");
        lines.add(keyFile == null ? "  key=\"$MODEL_ADMIN_API_KEY\""
                : "  key=$(cat '" + keyFile + "')");
        lines.add("  curl -s -X POST -H \"X-API-Key: $key\" '" + base + "/rollout/analysis/pause'    # or resume, abort");
        return lines;
    }
}
