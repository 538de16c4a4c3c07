package io.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.examples.server.RecsysServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --analysed-canary}: models trained without the held-out ratings, v0.2 an analysed canary. */
class AnalysedCanaryDemoIT {
    @TempDir
    Path temp;

    @Test
    void theDemoStartsAnAnalysedCanaryDrivenByTheSimulator() throws Exception {
        var demo = new DemoCommand();
        demo.dir = temp.resolve("demo");
        demo.users = 400;
        demo.items = 300;
        demo.interactions = 30_000;
        demo.port = 0;
        demo.analysedCanary = true;
        DemoCommand.Prepared p = demo.prepare();
        assertThat(p.heldOut()).hasSize(400);
        try (RecsysServer server = RecsysServer.start(p.options().toBuilder().port(0).build(), p.env())) {
            assertThat(server.service().rolloutStatus().strategy()).isEqualTo("fixed");
            AnalysedCanaryDemo.start(server, "v0.2", p.heldOut());
            var status = server.service().rolloutStatus();
            assertThat(status.strategy()).isEqualTo("canary");
            assertThat(status.canaryVersion()).isEqualTo("v0.2");
            assertThat(status.canaryPercentage()).isEqualTo(5.0);
            // the simulator's traffic reaches the server: poll with a deadline
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.meters().counter("rollout.analysis.decisions", "decision", "hold").count() == 0
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll every 20 ms up to the deadline
            }
            assertThat(server.meters().counter("rollout.analysis.decisions", "decision", "hold").count()).isPositive();
            assertThat(AnalysedCanaryDemo.watch(server.port(), server.adminKeyFile(), temp.resolve("s.jsonl")))
                    .anySatisfy(l -> assertThat(l).contains("/rollout/status"))
                    .anySatisfy(l -> assertThat(l).contains("/rollout/analysis/pause"));
        }
    }
}
