package io.recsys.provenance.sink;

import io.recsys.core.Outcome;

/**
 * The HTTP-style status the seeds' logs record for each {@link Outcome}: the one place where the
 * library's outcomes meet the seeds' log vocabulary.
 */
public final class OutcomeStatus {
    private OutcomeStatus() {
    }

    /**
     * @param outcome how a request ended
     * @return 200 when served, 400 for an invalid request, 503 when not ready, 500 for a model error
     */
    public static int of(Outcome outcome) {
        return switch (outcome) {
            case SERVED -> 200;
            case INVALID_REQUEST -> 400;
            case NOT_READY -> 503;
            case MODEL_ERROR -> 500;
        };
    }
}
