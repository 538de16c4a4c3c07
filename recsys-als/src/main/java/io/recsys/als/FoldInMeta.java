package io.recsys.als;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.InvalidArtifactException;
import java.util.Locale;

/*
 * Reads the fold-in settings of a loaded model from the "hyperparameters" object AlsArtifacts
 * writes into meta.json, so a served version folds live events in with the weighting it was
 * trained with. Models without that object (factors trained elsewhere) fold in with the library
 * defaults; present but malformed values are an InvalidArtifactException, like any bad artifact.
 */
final class FoldInMeta {
    private FoldInMeta() {
    }

    static FoldInSettings settings(JsonNode meta) {
        JsonNode hp = meta == null ? null : meta.get("hyperparameters");
        if (hp == null || !hp.isObject()) {
            return FoldInSettings.defaults();
        }
        AlsHyperparameters d = AlsHyperparameters.defaults();
        try {
            RecencyRule rule = hp.has("recency")
                    ? RecencyRule.valueOf(hp.get("recency").asText().toUpperCase(Locale.ROOT)) : RecencyRule.NONE;
            var fitted = d.toBuilder()
                    .alpha(hp.path("alpha").asDouble(d.alpha()))
                    .regularization(hp.path("regularization").asDouble(d.regularization()))
                    .weightedRegularization(hp.path("weighted_regularization").asBoolean(d.weightedRegularization()))
                    .binarize(hp.path("binarize").asBoolean(d.binarize()))
                    .recency(rule)
                    .recencyHalfLife(hp.path("recency_half_life").asDouble(d.recencyHalfLife()))
                    .cgSteps(hp.path("cg_steps").asInt(d.cgSteps()))
                    .threads(1)
                    .build();
            return FoldInSettings.of(fitted);
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(AlsArtifacts.META + ": hyperparameters: " + e.getMessage(), e);
        }
    }
}
