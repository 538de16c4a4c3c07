package io.recsys.core.foldin;

import io.recsys.core.Exclusions;
import io.recsys.core.ScoredItem;
import io.recsys.core.event.UserEvent;
import java.util.List;

/**
 * A companion of {@link io.recsys.core.Recommender} for models that can update a user between two
 * trainings: an event is folded into the user's state (a new user vector computed against the
 * model's frozen item side), and recommendations are then answered from that state. Models that
 * cannot do this simply do not implement it; the serving layer checks with {@code instanceof}.
 *
 * <p>A state belongs to the model object that produced it: it must only ever be handed back to the
 * same model (the {@link UserOverlay} keys states by version for that reason). Implementations are
 * thread-safe; calls for one user are serialised by the caller.
 */
public interface FoldIn {

    /**
     * Folds one new interaction into the user's state.
     *
     * @param userId the user (known to the model or not)
     * @param previous the state this model returned for the user's previous event, or null when
     *     the user has no live state yet (the model's own vector, or none, is the start)
     * @param event the new interaction
     * @return the new state; {@code previous} itself (possibly null) when the event's item is
     *     unknown to the model and there is nothing to fold
     * @throws IllegalArgumentException when the event is not for {@code userId}
     */
    UserState foldIn(long userId, UserState previous, UserEvent event);

    /**
     * Ranks items for a user from a live state; items in the state's recent interactions count as
     * seen (left out when {@code exclusions} excludes seen items), as do the training ones.
     *
     * @param userId the user
     * @param state a state this model returned from {@link #foldIn}
     * @param k how many items, {@code >= 1}
     * @param exclusions what to leave out
     * @return at most {@code k} items, best first
     * @throws io.recsys.core.InvalidRequestException when {@code k < 1}
     * @throws IllegalArgumentException when the state's vector does not fit this model
     */
    List<ScoredItem> recommend(long userId, UserState state, int k, Exclusions exclusions);
}
