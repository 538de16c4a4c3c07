package io.recsys.examples.server;

import io.recsys.core.ExperimentArms;
import io.recsys.core.PredictionRecord;
import io.recsys.core.RolloutPolicy;
import io.recsys.core.RolloutStatus;
import io.recsys.experiments.ExperimentInfo;
import java.util.Set;

/**
 * The experiment the rollout in force runs, if any, and how requests are counted for it.
 *
 * <p>A canary's {@code primary} and {@code canary} variants are roles, not treatments: over a
 * window they may be served by several versions (v0.1, then v0.2 after a switch). So the
 * experiment log counts each such request under the version that served it ({@link #armOf}), and
 * a canary (or shadow) experiment compares the primary's version with the canary's. An A/B test's
 * arms {@code A} and {@code B} keep their names, as in the seeds. A rollout that serves one
 * version ({@code fixed}) runs no experiment.
 *
 * <p>The running experiment is named {@code <strategy>-<control version>-<treatment version>},
 * e.g. {@code canary-v0.1-v0.2}: the name changes when the compared versions or the strategy do,
 * so a summary asked for by name never silently describes another experiment.
 */
final class RunningExperiment {
    /** Variants that are rollout roles: counted under the version that served them. */
    private static final Set<String> ROLE_VARIANTS = Set.of("primary", "canary");

    private RunningExperiment() {
    }

    /**
     * @param record a served request's provenance
     * @return the arm it counts under: the serving version for a role variant, else the variant
     */
    static String armOf(PredictionRecord record) {
        String variant = record.variant();
        if (variant != null && ROLE_VARIANTS.contains(variant) && record.modelVersion() != null) {
            return record.modelVersion();
        }
        return variant;
    }

    /**
     * @param policy the rollout in force
     * @return the experiment it runs, or null when it serves a single version
     */
    static ExperimentInfo of(RolloutPolicy policy) {
        RolloutStatus s = policy.describe();
        if (s.canaryVersion() == null || policy.versions().size() < 2) {
            return null;
        }
        ExperimentArms arms = policy.arms();
        boolean byVersion = ROLE_VARIANTS.contains(arms.control()) && ROLE_VARIANTS.contains(arms.treatment());
        return new ExperimentInfo(s.strategy(), byVersion ? s.primaryVersion() : arms.control(),
                byVersion ? s.canaryVersion() : arms.treatment(), s.primaryVersion(), s.canaryVersion(),
                arms.treatmentShare(), s.strategy() + "-" + s.primaryVersion() + "-" + s.canaryVersion());
    }
}
