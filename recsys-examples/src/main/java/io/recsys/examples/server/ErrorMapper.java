package io.recsys.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.InvalidRequestException;
import io.recsys.core.InvalidRolloutException;
import io.recsys.core.InvalidVersionException;
import io.recsys.core.ModelLoadException;
import io.recsys.core.ModelVersion;
import io.recsys.core.NotReadyException;
import io.recsys.core.RegistryException;
import io.recsys.core.ScoringException;
import io.recsys.core.UnknownVersionException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what a handler throws to the error answer, from one table: exception type to status, error
 * type and message. The first row whose type matches wins, so subclasses come before their
 * parents. Anything not in the table is a 500 {@code internal_error} whose details stay in the log.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** One row: an exception type and how to answer it. */
    private record Rule<T extends Exception>(Class<T> type, Function<T, ApiException> answer) {
        ApiException apply(Exception e) {
            return answer.apply(type.cast(e));
        }
    }

    private static final List<Rule<?>> RULES = List.of(
            new Rule<>(ApiException.class, e -> e),
            new Rule<>(UnknownVersionException.class, e -> new ApiException(404, "not_found", e.getMessage(),
                    e.available().stream().map(ModelVersion::toString).toList(), null)),
            new Rule<>(InvalidVersionException.class, e -> new ApiException(400, "invalid_version", e.getMessage())),
            new Rule<>(InvalidRolloutException.class, e -> new ApiException(400, "invalid_rollout", e.getMessage())),
            new Rule<>(InvalidRequestException.class, e -> ApiException.badRequest(e.getMessage())),
            new Rule<>(InvalidArtifactException.class, e -> new ApiException(422, "invalid_model", e.getMessage())),
            new Rule<>(ModelLoadException.class, e -> new ApiException(422, "model_load_failed", e.getMessage())),
            new Rule<>(RegistryException.class, e -> String.valueOf(e.getMessage()).contains("meta.json")
                    ? new ApiException(422, "invalid_model", e.getMessage())
                    : new ApiException(500, "registry_error", "The model registry could not be read; see the server log")),
            new Rule<>(NotReadyException.class, e -> new ApiException(503, "not_ready", e.getMessage())),
            new Rule<>(ScoringException.class, e -> new ApiException(500, "model_error",
                    "The model failed while scoring; see the server log")),
            new Rule<>(JsonProcessingException.class, e -> ApiException.badRequest("Malformed JSON")));

    private ErrorMapper() {
    }

    /**
     * @param e what a handler threw
     * @param method request method, for the log
     * @param path raw request path, for the log (sanitised)
     * @return the error answer
     */
    static ApiException map(Exception e, String method, String path) {
        for (Rule<?> rule : RULES) {
            if (rule.type().isInstance(e)) {
                ApiException api = rule.apply(e);
                if (api.status >= 500) {
                    LOG.error("{} on {} {}", api.error, method, Router.sanitize(path), e);
                }
                return api.status == 422 ? withoutPaths(api) : api;
            }
        }
        LOG.error("Unhandled error on {} {}", method, Router.sanitize(path), e);
        return new ApiException(500, "internal_error", "Internal error; see the server log");
    }

    /**
     * An {@link Error} a handler let through (an {@code InternalError} from a truncated mapped file,
     * an {@code OutOfMemoryError} of one large request): answered as a 500 so the client is not left
     * without an answer, and logged. The answer is small and prepared, so it needs little memory.
     */
    static ApiException mapError(Error e, String method, String path) {
        LOG.error("Error on {} {}", method, Router.sanitize(path), e);
        return INTERNAL_ERROR;
    }

    private static final ApiException INTERNAL_ERROR = new ApiException(500, "internal_error",
            "Internal error; see the server log");

    /** Absolute file paths ({@code /a/b/c}) in a detail: the server's layout is not the client's business. */
    private static final java.util.regex.Pattern ABSOLUTE_PATH =
            java.util.regex.Pattern.compile("(?<![\\w.:/])/(?:[^\\s'\",;()\\[\\]/]+/)+([^\\s'\",;()\\[\\]/]*)");

    /**
     * Used on 422 answers, whose details come from the registry's files (route templates such as
     * {@code /rollout/update} in other answers are not paths and stay).
     *
     * @return the answer with every absolute path in its detail cut to the file name
     */
    static ApiException withoutPaths(ApiException api) {
        String detail = api.getMessage();
        if (detail == null || detail.indexOf('/') < 0) {
            return api;
        }
        String cut = ABSOLUTE_PATH.matcher(detail).replaceAll("$1");
        return cut.equals(detail) ? api : new ApiException(api.status, api.error, cut, api.available, api.allow);
    }
}
