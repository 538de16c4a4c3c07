package io.recsys.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.experiments.analysis.RolloutPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an analysed rollout's plan from {@code POST /rollout/update}: {@code analysis=true} (query
 * parameter or JSON field; in JSON also an object holding the options below), with optional
 * {@code steps} (comma-separated percentages, or a JSON array), {@code step_seconds} (minimum time
 * per step), {@code min_users} (per arm and step), {@code interval_seconds} and {@code alpha}.
 * Query parameters win over the JSON body. Every value is untrusted and checked by
 * {@link RolloutPlan}; a bad one is a 400 naming it.
 */
final class AnalysisParams {
    private static final List<String> OPTIONS = List.of("steps", "step_seconds", "min_users", "interval_seconds", "alpha");

    private AnalysisParams() {
    }

    /** @return the plan, or null when the request does not ask for an analysed rollout */
    static RolloutPlan plan(Request r, JsonNode body) {
        JsonNode inBody = body == null ? null : body.get("analysis");
        String flag = r.param("analysis");
        JsonNode options = inBody != null && inBody.isObject() ? inBody : body;
        boolean wanted;
        if (flag != null) {
            wanted = Params.parseBoolean(flag, "analysis", false);
        } else if (inBody == null || inBody.isNull()) {
            wanted = false;
        } else if (inBody.isObject()) {
            wanted = true;
        } else if (inBody.isBoolean()) {
            wanted = inBody.booleanValue();
        } else {
            wanted = Params.parseBoolean(inBody.asText(), "analysis", false);
        }
        if (!wanted) {
            for (String o : OPTIONS) {
                if (r.param(o) != null) {
                    throw ApiException.badRequest(o + " only applies to an analysed rollout: add analysis=true");
                }
            }
            return null;
        }
        var b = RolloutPlan.builder();
        try {
            String steps = value(r, options, "steps");
            if (steps != null) {
                b.steps(parseSteps(steps));
            }
            String step = value(r, options, "step_seconds");
            if (step != null) {
                b.minStepDuration(seconds(step, "step_seconds"));
            }
            String users = value(r, options, "min_users");
            if (users != null) {
                b.minUsersPerStep(Long.parseLong(users.trim()));
            }
            String interval = value(r, options, "interval_seconds");
            if (interval != null) {
                b.interval(seconds(interval, "interval_seconds"));
            }
            String alpha = value(r, options, "alpha");
            if (alpha != null) {
                b.alpha(Double.parseDouble(alpha.trim()));
            }
            return b.build();
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Analysis options must be numbers: " + Router.sanitize(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid analysis plan: " + Router.sanitize(e.getMessage()));
        }
    }

    private static String value(Request r, JsonNode options, String name) {
        String q = r.param(name);
        if (q != null) {
            return q;
        }
        if (options == null) {
            return null;
        }
        JsonNode n = options.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) {
            if (n.size() > 20) {
                throw ApiException.badRequest(name + " may list at most 20 values");
            }
            var parts = new ArrayList<String>();
            n.forEach(x -> parts.add(x.asText()));
            return String.join(",", parts);
        }
        if (!n.isValueNode()) {
            throw ApiException.badRequest("Field " + name + " must be a string, a number or an array of numbers");
        }
        return n.asText();
    }

    private static List<Double> parseSteps(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length > 20) {
            throw new IllegalArgumentException("steps may list at most 20 percentages");
        }
        var out = new ArrayList<Double>();
        for (String p : parts) {
            double v = Double.parseDouble(p.trim());
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("steps must be finite percentages, got " + p.trim());
            }
            out.add(v);
        }
        return out;
    }

    private static Duration seconds(String text, String name) {
        double s = Double.parseDouble(text.trim());
        if (!(s >= 0.05 && s <= 30 * 86_400)) {
            throw new IllegalArgumentException(name + " must be between 0.05 and 2592000 seconds, was "
                    + String.format(Locale.ROOT, "%s", text.trim()));
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
