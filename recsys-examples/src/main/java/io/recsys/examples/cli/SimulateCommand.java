package io.recsys.examples.cli;

import io.recsys.als.data.RatingsReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./recsys simulate}: replays held-out MovieLens interactions as users against a running
 * server (see {@link TrafficSimulator}), so a canary analysis has real conversions to judge.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replay held-out interactions (leave-last-out) as users: request recommendations, post a conversion"
                + " when the held-out item is recommended. Loopback servers only unless --allow-remote.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "Server URL (default: ${DEFAULT-VALUE})")
    URI server;

    @Option(names = "--ratings", required = true, paramLabel = "FILE",
            description = "Ratings file (MovieLens ratings.csv or u.data); each user's latest rating is held out")
    Path ratings;

    @Option(names = "--rate", defaultValue = "200", description = "Requests per second, at most (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "PT1M", description = "How long to run, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--max-requests", defaultValue = "100000", description = "Stop after this many requests (default: ${DEFAULT-VALUE})")
    long maxRequests;

    @Option(names = "--k", defaultValue = "10", description = "Recommendations per request (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--threads", defaultValue = "2", description = "Concurrent clients (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the user order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--allow-remote", description = "Allow a server that is not on a loopback address")
    boolean allowRemote;

    @Override
    public Integer call() throws Exception {
        var split = LeaveLastOut.split(RatingsReader.read(ratings).interactions());
        var summary = new TrafficSimulator(new TrafficSimulator.Settings(server, split.heldOut(), rate, duration,
                maxRequests, k, threads, seed, allowRemote)).run(() -> false);
        print(summary);
        return 0;
    }

    static void print(TrafficSimulator.Summary s) {
        System.out.printf(Locale.ROOT, "simulated %d requests in %.1f s: %d failed, %d conversions (%d feedback posts"
                + " refused)%n", s.requests(), s.elapsed().toMillis() / 1000.0, s.failures(), s.conversions(),
                s.feedbackRejected());
        s.byVersion().forEach((v, c) -> System.out.printf(Locale.ROOT, "  %s: %d requests, %d conversions (%.2f%%)%n",
                v, c.requests(), c.conversions(), 100.0 * c.conversionRate()));
    }
}
