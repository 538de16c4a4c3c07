package io.recsys.examples.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses admin requests that a web page could have made on the operator's behalf (CSRF) or
 * through a DNS name rebound to this server: a foreign {@code Origin} (or the opaque
 * {@code Origin: null}), {@code Sec-Fetch-Site: cross-site} or {@code same-site}, or a {@code Host}
 * that is not the server's own address, a loopback name, or a name configured in
 * {@code RECSYS_ALLOWED_HOSTS} (comma-separated host names, without ports). Each refusal is a 403
 * {@code cross_site_request} whose detail names the header. Non-browser clients (curl, the CLI)
 * send neither {@code Origin} nor {@code Sec-Fetch-Site} and pass.
 */
final class CrossSiteGuard {
    /** Environment variable naming the extra host names the server answers to. */
    static final String ALLOWED_HOSTS_VARIABLE = "RECSYS_ALLOWED_HOSTS";

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> configured;

    CrossSiteGuard(Set<String> configuredHosts) {
        this.configured = configuredHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** @return a guard that also accepts the names in {@code RECSYS_ALLOWED_HOSTS} and the bind address */
    static CrossSiteGuard fromEnvironment(String bindAddress, Map<String, String> env) {
        String names = env.getOrDefault(ALLOWED_HOSTS_VARIABLE, "");
        var hosts = new java.util.HashSet<>(Arrays.asList(names.split(",")));
        hosts.add(bindAddress);
        return new CrossSiteGuard(hosts);
    }

    /** @throws ApiException 403 when the request looks cross-site */
    void check(Request request) {
        check(request.header("Host"), request.header("Origin"), request.header("Sec-Fetch-Site"),
                request.exchange.getLocalAddress());
    }

    void check(String host, String origin, String fetchSite, InetSocketAddress local) {
        if (fetchSite != null) {
            String site = fetchSite.trim().toLowerCase(Locale.ROOT);
            if (site.equals("cross-site") || site.equals("same-site")) {
                throw refuse("Sec-Fetch-Site: " + site + " (admin requests must come from this origin or a non-browser client)");
            }
        }
        if (host != null && !allowedHost(hostName(host), local)) {
            throw refuse("Host '" + Router.sanitize(host) + "' is not this server's address, localhost, or a name in "
                    + ALLOWED_HOSTS_VARIABLE);
        }
        if (origin != null) {
            String authority = originAuthority(origin);
            if (authority == null || host == null || !authority.equalsIgnoreCase(host.trim())) {
                throw refuse("Origin '" + Router.sanitize(origin) + "' is not this server's origin");
            }
        }
    }

    private boolean allowedHost(String name, InetSocketAddress local) {
        if (LOOPBACK_NAMES.contains(name) || configured.contains(name)) {
            return true;
        }
        InetAddress address = local == null ? null : local.getAddress();
        return address != null && !address.isAnyLocalAddress() && name.equals(literal(address));
    }

    private static String literal(InetAddress address) {
        String s = address.getHostAddress();
        int zone = s.indexOf('%');
        return (zone >= 0 ? s.substring(0, zone) : s).toLowerCase(Locale.ROOT);
    }

    /** @return the host of a {@code Host} header without port or IPv6 brackets, lower case */
    static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? normalizeIpv6(h.substring(1, end)) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    private static String normalizeIpv6(String literal) {
        try {
            return InetAddress.getByName(literal).getHostAddress().toLowerCase(Locale.ROOT).equals("0:0:0:0:0:0:0:1")
                    ? "::1" : literal;
        } catch (java.net.UnknownHostException e) {
            return literal;
        }
    }

    /** @return {@code host[:port]} of an origin such as {@code http://localhost:8080}, or null */
    private static String originAuthority(String origin) {
        try {
            URI uri = new URI(origin.trim());
            return uri.getScheme() == null || uri.getRawAuthority() == null ? null : uri.getRawAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static ApiException refuse(String why) {
        return new ApiException(403, "cross_site_request", "Refused a cross-site admin request: " + why);
    }
}
