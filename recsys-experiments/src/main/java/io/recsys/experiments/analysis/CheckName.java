package io.recsys.experiments.analysis;

/** The comparisons a rollout analysis makes between canary and primary. */
public enum CheckName {
    /** Share of failed requests; worse when the canary's is higher. */
    ERROR_RATE("error_rate"),
    /**
     * Latency: share of requests slower than the pooled p95 of both arms (5% for each arm when
     * their latencies are alike), or than the plan's latency floor when that is higher; worse when
     * the canary's is higher.
     */
    LATENCY_P95("latency_p95"),
    /** Converting users per exposed user; worse when the canary's is lower. */
    CONVERSION("conversion");

    private final String key;

    CheckName(String key) {
        this.key = key;
    }

    /** @return the snake_case name used in JSON, metrics and logs */
    public String key() {
        return key;
    }

    /** @return whether a higher canary estimate is the harmful direction */
    public boolean higherIsWorse() {
        return this != CONVERSION;
    }
}
