package io.recsys.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The route table on its own: matching, path variables, HEAD, 404, 405 with Allow, admin marking. */
class RouterTest {
    private static final Router.Handler OK = r -> Response.json(200, "ok");

    private final Router router = new Router()
            .get("/recommend/{user_id}", OK)
            .get("/healthz", OK)
            .add("GET", "/switch", Router.Access.ADMIN, OK)
            .add("POST", "/rollout/update", Router.Access.ADMIN, OK)
            .get("/rollout/status", OK)
            .post("/feedback", OK)
            .get("/experiments/{name}/summary", OK);

    @Test
    void matchesTemplateAndDecodesPathVariables() {
        Router.Match m = router.resolve("GET", "/experiments/spring%20test/summary");
        assertThat(m.refusal()).isNull();
        assertThat(m.endpoint()).isEqualTo("/experiments/{name}/summary");
        assertThat(m.pathVars()).containsEntry("name", "spring test");
        assertThat(m.route().admin()).isFalse();
    }

    @Test
    void headIsAnsweredByTheGetRoute() {
        Router.Match m = router.resolve("HEAD", "/recommend/42");
        assertThat(m.route().template()).isEqualTo("/recommend/{user_id}");
        assertThat(m.pathVars()).containsEntry("user_id", "42");
    }

    @Test
    void unknownPathIs404CountedAsUnmatched() {
        Router.Match m = router.resolve("GET", "/nope");
        assertThat(m.route()).isNull();
        assertThat(m.endpoint()).isEqualTo(Router.UNMATCHED);
        assertThat(m.refusal().status).isEqualTo(404);
        assertThat(m.refusal().getMessage()).isEqualTo("No endpoint at /nope");
        assertThat(router.resolve("GET", "/recommend/").refusal().status).as("empty path variable").isEqualTo(404);
        assertThat(router.resolve("GET", "/").refusal().status).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405WithAllowAndTheTemplateAsEndpoint() {
        Router.Match m = router.resolve("DELETE", "/rollout/update");
        assertThat(m.route()).isNull();
        assertThat(m.endpoint()).isEqualTo("/rollout/update");
        assertThat(m.refusal().status).isEqualTo(405);
        assertThat(m.refusal().error).isEqualTo("method_not_allowed");
        assertThat(m.refusal().allow).isEqualTo("POST");
        assertThat(m.refusal().getMessage()).isEqualTo("Method DELETE is not allowed on /rollout/update; allowed: POST");
    }

    @Test
    void adminIsAnAttributeOfTheRoute() {
        assertThat(router.resolve("GET", "/switch").route().admin()).isTrue();
        assertThat(router.resolve("POST", "/rollout/update").route().admin()).isTrue();
        assertThat(router.resolve("GET", "/rollout/status").route().admin()).isFalse();
        assertThat(router.adminTemplates()).containsExactly("GET /switch", "POST /rollout/update");
    }

    @Test
    void malformedPercentEncodingInAPathVariableIsABadRequest() {
        assertThatThrownBy(() -> router.resolve("GET", "/recommend/%zz"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(400));
    }

    @Test
    void sanitizeKeepsPrintableAsciiAndCutsLongText() {
        assertThat(Router.sanitize("a\nb\u00e9")).isEqualTo("a?b?");
        assertThat(Router.sanitize("x".repeat(150))).hasSize(103).endsWith("...");
    }
}
