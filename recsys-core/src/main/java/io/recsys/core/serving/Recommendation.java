package io.recsys.core.serving;

import io.recsys.core.ModelInfo;
import io.recsys.core.Route;
import io.recsys.core.ScoredItem;
import java.util.List;

/**
 * A served answer: items, the route that chose the model, the model, and the provenance.
 *
 * @param userId the user
 * @param items recommended items, best first
 * @param route where the request went (variant, bucket)
 * @param model the model that answered
 * @param provenance the response's provenance block
 */
public record Recommendation(long userId, List<ScoredItem> items, Route route, ModelInfo model, Provenance provenance) {

    /** Copies the item list. */
    public Recommendation {
        items = List.copyOf(items);
    }

    /** @return the rollout variant */
    public String variant() {
        return route.variant();
    }

    /** @return the item ids, best first */
    public List<Long> itemIds() {
        return items.stream().map(ScoredItem::itemId).toList();
    }
}
