package io.recsys.experiments.stats;

/** Which way a metric is good: success rates go up, error rates and latency go down. */
public enum Direction {
    /** Larger is better (conversion, success rate). */
    HIGHER_IS_BETTER,
    /** Smaller is better (error rate, latency). */
    LOWER_IS_BETTER;

    /**
     * @param deltaBMinusA the difference B − A on the metric's own scale
     * @return the difference expressed so that positive means B is better
     */
    public double improvement(double deltaBMinusA) {
        return this == HIGHER_IS_BETTER ? deltaBMinusA : -deltaBMinusA;
    }
}
