package io.recsys.examples.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps method + path template (segments like {@code {user_id}}) to handlers; 404 and 405 with Allow. */
final class Router {
    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    private record Route(String method, String template, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, template.substring(1).split("/", -1), handler));
        return this;
    }

    List<String> templates() {
        var set = new LinkedHashSet<String>();
        routes.forEach(r -> set.add(r.method + " " + r.template));
        return List.copyOf(set);
    }

    /** Finds the handler; fills the request's path variables and template. */
    Handler resolve(Request request) {
        String[] parts = request.path.length() > 1 && request.path.startsWith("/")
                ? request.path.substring(1).split("/", -1) : new String[] {request.path.equals("/") ? "" : request.path};
        Set<String> allowed = new LinkedHashSet<>();
        String matchedTemplate = null;
        for (Route r : routes) {
            Map<String, String> vars = match(r.segments, parts);
            if (vars == null) {
                continue;
            }
            matchedTemplate = r.template;
            if (r.method.equals(request.method) || (r.method.equals("GET") && request.method.equals("HEAD"))) {
                request.pathVars = vars;
                request.template = r.template;
                return r.handler;
            }
            allowed.add(r.method);
        }
        if (matchedTemplate != null) {
            request.template = matchedTemplate;
            throw new ApiException(405, "method_not_allowed", "Method " + sanitize(request.method) + " is not allowed on "
                    + matchedTemplate + "; allowed: " + String.join(", ", allowed), Map.of("allow", String.join(", ", allowed)));
        }
        request.template = "unmatched";
        throw ApiException.notFound("No endpoint at " + sanitize(request.path));
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

    static String sanitize(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        var sb = new StringBuilder();
        cut.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return sb.toString();
    }
}
