package io.recsys.examples.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route table: method + path template (segments like {@code {user_id}}) to a handler, and
 * whether the route is an admin route. The dispatcher enforces the access of the route it gets,
 * so a new admin route cannot forget the check. Unknown paths get 404, known paths with another
 * method 405 with {@code Allow}. Immutable after the table is built; safe for concurrent reads.
 */
final class Router {
    /** Endpoint label of requests that match no route. */
    static final String UNMATCHED = "unmatched";

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** Who may call a route. */
    enum Access {
        /** Anyone. */
        PUBLIC,
        /** Holders of the admin key (or loopback clients when no key is set): see {@link AdminGuard}. */
        ADMIN
    }

    /** One row of the table. */
    record Route(String method, String template, Access access, Handler handler, String[] segments) {
        boolean admin() {
            return access == Access.ADMIN;
        }
    }

    /**
     * What the router made of a request: the route and its path variables, or the refusal (404,
     * 405) and the endpoint label to count it under.
     */
    record Match(Route route, Map<String, String> pathVars, String endpoint, ApiException refusal) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router get(String template, Handler handler) {
        return add("GET", template, Access.PUBLIC, handler);
    }

    Router post(String template, Handler handler) {
        return add("POST", template, Access.PUBLIC, handler);
    }

    Router add(String method, String template, Access access, Handler handler) {
        routes.add(new Route(method, template, access, handler, template.substring(1).split("/", -1)));
        return this;
    }

    /** @return every {@code METHOD /template} in the table, in order */
    List<String> templates() {
        var set = new LinkedHashSet<String>();
        routes.forEach(r -> set.add(r.method + " " + r.template));
        return List.copyOf(set);
    }

    /** @return the admin routes' {@code METHOD /template}, in order */
    List<String> adminTemplates() {
        return routes.stream().filter(Route::admin).map(r -> r.method + " " + r.template).toList();
    }

    /**
     * Finds the route for a method and raw path. {@code HEAD} is answered by the {@code GET} route of a
     * public (side-effect free) path only: an admin {@code GET} such as {@code /switch} changes state,
     * and a {@code HEAD} must never do that (RFC 9110, section 9.2.1), so it gets 405.
     *
     * @throws ApiException when a path variable is not validly percent-encoded
     */
    Match resolve(String method, String path) {
        String[] parts = path.length() > 1 && path.startsWith("/")
                ? path.substring(1).split("/", -1) : new String[] {path.equals("/") ? "" : path};
        Set<String> allowed = null; // made only for a 405
        String matchedTemplate = null;
        for (Route r : routes) {
            Map<String, String> vars = match(r.segments, parts);
            if (vars == null) {
                continue;
            }
            matchedTemplate = r.template;
            if (r.method.equals(method) || (r.method.equals("GET") && method.equals("HEAD") && !r.admin())) {
                return new Match(r, vars, r.template, null);
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(r.method);
        }
        if (matchedTemplate != null && allowed != null) {
            String allow = String.join(", ", allowed);
            return new Match(null, Map.of(), matchedTemplate, new ApiException(405, "method_not_allowed",
                    "Method " + sanitize(method) + " is not allowed on " + matchedTemplate + "; allowed: " + allow,
                    null, allow));
        }
        return new Match(null, Map.of(), UNMATCHED, ApiException.notFound("No endpoint at " + sanitize(path)));
    }

    private static Map<String, String> match(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> vars = null;
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                if (vars == null) {
                    vars = new HashMap<>();
                }
                vars.put(t.substring(1, t.length() - 1), Request.decode(parts[i]));
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return vars == null ? Map.of() : vars;
    }

    /** @return the text cut to 100 characters with anything but printable ASCII replaced by {@code ?} */
    static String sanitize(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        var sb = new StringBuilder();
        cut.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return sb.toString();
    }
}
