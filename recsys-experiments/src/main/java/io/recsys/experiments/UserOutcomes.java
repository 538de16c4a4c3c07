package io.recsys.experiments;

import io.recsys.core.event.UserEventType;
import java.util.EnumMap;
import java.util.Map;

/**
 * One variant's outcomes per user over a window: the unit of randomisation, so the unit of
 * analysis. Parallel arrays, one entry per sampled user (see {@link #samplingRate()}); users seen
 * in more than one variant in the window are left out of every variant and counted in
 * {@link #usersInOtherVariants()}.
 */
public final class UserOutcomes {

    private final double samplingRate;
    private final long[] requests;
    private final long[] successes;
    private final double[] latencySumMs;
    private final long[] latencies;
    private final Map<UserEventType, long[]> feedback;
    private final UserStats.UserTotals[] preWindow;
    private final long usersInOtherVariants;

    UserOutcomes(double samplingRate, long[] requests, long[] successes, double[] latencySumMs,
            long[] latencies, Map<UserEventType, long[]> feedback, UserStats.UserTotals[] preWindow,
            long usersInOtherVariants) {
        this.samplingRate = samplingRate;
        this.requests = requests;
        this.successes = successes;
        this.latencySumMs = latencySumMs;
        this.latencies = latencies;
        this.feedback = new EnumMap<>(feedback);
        this.preWindow = preWindow;
        this.usersInOtherVariants = usersInOtherVariants;
    }

    static UserOutcomes empty(double samplingRate) {
        Map<UserEventType, long[]> feedback = new EnumMap<>(UserEventType.class);
        for (UserEventType t : UserEventType.values()) {
            feedback.put(t, new long[0]);
        }
        return new UserOutcomes(samplingRate, new long[0], new long[0], new double[0], new long[0],
                feedback, new UserStats.UserTotals[0], 0);
    }

    /** @return sampled users with at least one request or feedback in the window */
    public int users() {
        return requests.length;
    }

    /**
     * @return the fraction of all users kept in the per-user sample (1 until the memory budget
     *     is reached); the number of users is estimated by {@code users() / samplingRate()}
     */
    public double samplingRate() {
        return samplingRate;
    }

    /** @return the relative standard error of {@code users() / samplingRate()}: √((1 − r)/k) */
    public double userCountRelativeError() {
        return users() == 0 ? 0.0 : Math.sqrt((1.0 - samplingRate) / users());
    }

    /** @return served requests per user */
    public double[] requests() {
        return toDouble(requests);
    }

    /** @return successful requests per user */
    public double[] successes() {
        return toDouble(successes);
    }

    /** @return failed (non-successful) requests per user */
    public double[] errors() {
        double[] out = new double[requests.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = requests[i] - successes[i];
        }
        return out;
    }

    /** @return the sum of valid latencies per user, in milliseconds */
    public double[] latencySumMs() {
        return latencySumMs.clone();
    }

    /** @return how many valid latencies each user had */
    public double[] latencyCounts() {
        return toDouble(latencies);
    }

    /**
     * @param type a feedback type
     * @return attributed feedback events of that type per user
     */
    public double[] feedback(UserEventType type) {
        return toDouble(feedback.get(type));
    }

    /**
     * @return each user's requests (any variant) in the period of the same length just before
     *     the window: pre-exposure activity, a CUPED covariate
     */
    public double[] preWindowRequests() {
        double[] out = new double[preWindow.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = preWindow[i].requests;
        }
        return out;
    }

    /** @return each user's successful requests (any variant) in the period before the window */
    public double[] preWindowSuccesses() {
        double[] out = new double[preWindow.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = preWindow[i].successes;
        }
        return out;
    }

    /**
     * @param type a feedback type
     * @return each user's events of that type (any variant) in the period before the window: the
     *     CUPED covariate of choice for that metric (its own pre-exposure value)
     */
    public double[] preWindowFeedback(UserEventType type) {
        double[] out = new double[preWindow.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = preWindow[i].feedback[type.ordinal()];
        }
        return out;
    }

    /** @return sampled users left out because they were served by this and another variant */
    public long usersInOtherVariants() {
        return usersInOtherVariants;
    }

    private static double[] toDouble(long[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
