package io.recsys.examples.server;

import io.recsys.core.serving.Provenance;
import io.recsys.core.serving.RecommendRequest;
import io.recsys.core.serving.Recommendation;
import io.recsys.core.serving.RecommendationService;
import io.recsys.provenance.ProvenanceHeaders;

/** {@code GET /recommend/{user_id}} and {@code GET /recommendations?user_id=}: one answer, two spellings. */
final class RecommendationHandlers {
    private final RecommendationService service;
    private final RequestIdIssuer ids;

    RecommendationHandlers(RecommendationService service, RequestIdIssuer ids) {
        this.service = service;
        this.ids = ids;
    }

    /** The answer body ({@code items} a primitive array: written as the same JSON array, without boxing). */
    record Answer(long userId, String model, long[] items, String variant, Provenance provenance) {
    }

    void register(Router router) {
        router.get("/recommend/{user_id}", r -> answer(r, Params.parseId(r.pathVar("user_id"), "user_id")))
                .get("/recommendations", this::recommendations);
    }

    private Response recommendations(Request r) {
        String user = r.param("user_id");
        if (user == null) {
            throw ApiException.badRequest("Query parameter user_id is required");
        }
        return answer(r, Params.parseId(user, "user_id"));
    }

    private Response answer(Request r, long userId) {
        int k = Params.parseK(r.param("k"), service.maxK());
        boolean excludeSeen = Params.parseBoolean(r.param("exclude_seen"), "exclude_seen", true);
        String requestId = ids.accept(r.header("X-Request-ID"));
        Recommendation rec = service.recommend(new RecommendRequest(userId, k, excludeSeen, requestId, r.template, r.method));
        long[] items = new long[rec.items().size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = rec.items().get(i).itemId();
        }
        Response response = Response.json(new Answer(userId, rec.provenance().modelVersion(), items,
                rec.variant(), rec.provenance())).servedBy(rec.variant());
        ProvenanceHeaders.of(requestId, rec.model()).forEach(response::header);
        return response;
    }
}
