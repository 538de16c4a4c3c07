package io.recsys.core;

import java.util.Objects;

/**
 * The model failed while scoring a request. Carries the route the request took, so that a
 * transport can count the failure against the variant that served it; the original failure is the
 * cause.
 */
public class ScoringException extends RecsysException {
    private static final long serialVersionUID = 1L;

    private final transient Route route;

    /**
     * @param route where the request went
     * @param cause what the model threw
     */
    public ScoringException(Route route, Throwable cause) {
        super("Model version " + Objects.requireNonNull(route, "route").servedVersion() + " failed while scoring: "
                + Objects.requireNonNull(cause, "cause").getClass().getSimpleName(), cause);
        this.route = route;
    }

    /** @return the route of the failed request (its variant and served version) */
    public Route route() {
        return route;
    }

    /** @return the outcome this failure stands for, {@link Outcome#MODEL_ERROR} */
    public Outcome outcome() {
        return Outcome.MODEL_ERROR;
    }
}
