package io.recsys.experiments;

import io.recsys.core.event.UserEventType;
import io.recsys.experiments.stats.BayesianReadout;
import io.recsys.experiments.stats.Cuped;
import io.recsys.experiments.stats.Direction;
import io.recsys.experiments.stats.OneSidedTest;
import io.recsys.experiments.stats.RatioMetric;
import io.recsys.experiments.stats.RelativeLift;
import io.recsys.experiments.stats.SampleRatioMismatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-user analysis of two variants ({@link UserLevelAnalysis}). The goal metric is the
 * primary feedback per request (clicks per request), or successes per request when no feedback
 * was recorded, compared as a ratio of per-user sums by the delta method; CUPED adjusts the
 * per-user count of the same events with the user's count of them in the period of the same
 * length before the window (their pre-exposure activity on that metric). Guardrails are
 * errors per request (margin {@value #ERROR_RATE_MARGIN} absolute) and mean latency per request
 * (margin {@value #LATENCY_RELATIVE_MARGIN} of A's mean), both lower-is-better
 * non-inferiority tests at the analysis level.
 */
final class UserLevelAnalyzer {

    /** Error-rate guardrail margin: B may be at most one percentage point worse. */
    static final double ERROR_RATE_MARGIN = 0.01;
    /** Latency guardrail margin, as a fraction of A's mean latency. */
    static final double LATENCY_RELATIVE_MARGIN = 0.10;

    private final double level;
    private final double srmThreshold;
    private final UserEventType primary;

    UserLevelAnalyzer(double level, double srmThreshold, UserEventType primary) {
        this.level = level;
        this.srmThreshold = srmThreshold;
        this.primary = primary;
    }

    UserLevelAnalysis analyze(VariantWindow a, VariantWindow b, double shareB) {
        UserOutcomes ua = a.users();
        UserOutcomes ub = b.users();
        double rate = Math.min(ua.samplingRate(), ub.samplingRate());
        int nA = ua.users();
        int nB = ub.users();
        UserLevelAnalysis.Sampling sampling = new UserLevelAnalysis.Sampling(rate, nA, nB, nA / rate,
                nB / rate, nA + nB == 0 ? 0.0 : Math.sqrt((1.0 - rate) / (nA + nB)),
                ua.usersInOtherVariants());
        ExperimentAnalysis.Srm srm = srm(nA, nB, shareB);
        if (nA < 2 || nB < 2) {
            return new UserLevelAnalysis("user", sampling, srm, null, List.of(), ShipDecision.DO_NOT_SHIP,
                    "the per-user analysis needs at least 2 users per variant (have " + nA + " and " + nB + ")");
        }
        boolean feedback = sum(ua.feedback(primary)) + sum(ub.feedback(primary)) > 0;
        String event = feedback ? primary.jsonName() : "success";
        double[] eventsA = feedback ? ua.feedback(primary) : ua.successes();
        double[] eventsB = feedback ? ub.feedback(primary) : ub.successes();
        double[] requestsA = ua.requests();
        double[] requestsB = ub.requests();
        if (sum(requestsA) == 0 || sum(requestsB) == 0) {
            return new UserLevelAnalysis("user", sampling, srm, null, List.of(), ShipDecision.DO_NOT_SHIP,
                    "a variant's sampled users have no requests in the window");
        }
        RatioMetric.Comparison ratio = RatioMetric.compare(RatioMetric.estimate(eventsA, requestsA),
                RatioMetric.estimate(eventsB, requestsB), level);
        UserLevelAnalysis.Ratio ratioOut = new UserLevelAnalysis.Ratio(ratio.a().ratio(), ratio.b().ratio(),
                ratio.delta(), ratio.standardError(), finite(ratio.zStatistic()), ratio.pValue(),
                ratio.ciLower(), ratio.ciUpper(), "delta_method");
        UserLevelAnalysis.Lift lift = ratio.a().ratio() == 0.0
                ? new UserLevelAnalysis.Lift(null, null, null, "delta_method")
                : lift(RelativeLift.deltaMethod(ratio.a().ratio(), ratio.a().variance(), ratio.b().ratio(),
                        ratio.b().variance(), level));
        UserLevelAnalysis.Cuped cuped = cuped(event, eventsA,
                feedback ? ua.preWindowFeedback(primary) : ua.preWindowSuccesses(), eventsB,
                feedback ? ub.preWindowFeedback(primary) : ub.preWindowSuccesses());
        UserLevelAnalysis.Bayesian bayes = ratio.standardError() > 0.0
                ? bayes(BayesianReadout.normalApproximation(ratio.delta(), ratio.standardError())) : null;
        UserLevelAnalysis.Bayesian converted = bayes(BayesianReadout.proportions(
                positives(eventsA), nA, positives(eventsB), nB));
        boolean win = ratio.pValue() < 1.0 - level && ratio.delta() > 0.0;
        UserLevelAnalysis.Goal goal = new UserLevelAnalysis.Goal(event + "_per_request", ratioOut, lift,
                cuped, bayes, converted, win);

        List<UserLevelAnalysis.Guardrail> guardrails = new ArrayList<>();
        List<OneSidedTest.Result> tests = new ArrayList<>();
        guardrail("error_rate", ua.errors(), requestsA, ub.errors(), requestsB, ERROR_RATE_MARGIN, false,
                guardrails, tests);
        if (sum(ua.latencyCounts()) > 0 && sum(ub.latencyCounts()) > 0) {
            guardrail("latency_ms", ua.latencySumMs(), ua.latencyCounts(), ub.latencySumMs(),
                    ub.latencyCounts(), LATENCY_RELATIVE_MARGIN, true, guardrails, tests);
        }
        ShipDecision decision = srm.mismatch() ? ShipDecision.DO_NOT_SHIP : Guardrails.decide(win, tests);
        return new UserLevelAnalysis("user", sampling, srm, goal, guardrails, decision,
                srm.mismatch() ? "sample ratio mismatch on users: the assignment or logging is broken" : null);
    }

    private void guardrail(String name, double[] numA, double[] denA, double[] numB, double[] denB,
            double margin, boolean relative, List<UserLevelAnalysis.Guardrail> out,
            List<OneSidedTest.Result> tests) {
        RatioMetric.Comparison c = RatioMetric.compare(RatioMetric.estimate(numA, denA),
                RatioMetric.estimate(numB, denB), level);
        double m = relative ? margin * Math.abs(c.a().ratio()) : margin;
        OneSidedTest.Result t = OneSidedTest.normal(c.delta(), c.standardError(), m, level,
                Direction.LOWER_IS_BETTER);
        tests.add(t);
        out.add(new UserLevelAnalysis.Guardrail(name, "lower_is_better", m, c.a().ratio(), c.b().ratio(),
                t.improvement(), t.lowerBound(), t.pValue(), Guardrails.status(t)));
    }

    private UserLevelAnalysis.Cuped cuped(String event, double[] yA, double[] xA, double[] yB, double[] xB) {
        try {
            Cuped.Result r = Cuped.test(yA, xA, yB, xB, level);
            return new UserLevelAnalysis.Cuped(event + "_per_user", event + "_before_window", r.theta(),
                    r.varianceReduction(), effect(r.unadjusted()), effect(r.adjusted()));
        } catch (IllegalArgumentException e) {
            return null; // constant outcomes in both arms: no effect to adjust
        }
    }

    private static UserLevelAnalysis.Effect effect(io.recsys.experiments.stats.WelchTTest.Result w) {
        return new UserLevelAnalysis.Effect(w.delta(), w.pValue(), w.ciLower(), w.ciUpper());
    }

    private static UserLevelAnalysis.Lift lift(RelativeLift.Result r) {
        return new UserLevelAnalysis.Lift(r.lift(), r.ciLower(), r.ciUpper(), r.method());
    }

    private static UserLevelAnalysis.Bayesian bayes(BayesianReadout.Result r) {
        return new UserLevelAnalysis.Bayesian(r.method(), r.probabilityBBeatsA(), r.expectedLossB(),
                r.expectedLossA());
    }

    private ExperimentAnalysis.Srm srm(int nA, int nB, double shareB) {
        if (nA + nB == 0) {
            return new ExperimentAnalysis.Srm(false, shareB, null, null, null, srmThreshold, false,
                    "no users in the window");
        }
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(new long[] {nA, nB},
                new double[] {1.0 - shareB, shareB}, srmThreshold);
        return new ExperimentAnalysis.Srm(true, shareB, (double) nB / (nA + nB), r.chiSquare(), r.pValue(),
                srmThreshold, r.mismatch(), null);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Math.copySign(Double.MAX_VALUE, v);
    }

    private static double sum(double[] x) {
        double s = 0.0;
        for (double v : x) {
            s += v;
        }
        return s;
    }

    private static long positives(double[] x) {
        long n = 0;
        for (double v : x) {
            if (v > 0.0) {
                n++;
            }
        }
        return n;
    }
}
