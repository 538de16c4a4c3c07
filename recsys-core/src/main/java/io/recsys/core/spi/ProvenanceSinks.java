package io.recsys.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses provenance sinks by name among the {@link ProvenanceSinkProvider}s on the class path, as
 * SLF4J picks a provider: discovery through the library's class loader, a broken provider jar
 * skipped with a warning, the first provider of a name wins and a second one claiming the same
 * name is reported, and an unknown name fails with the names that exist.
 */
public final class ProvenanceSinks {
    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceSinks.class);

    private final Map<String, ProvenanceSinkProvider> byName;

    private ProvenanceSinks(List<ProvenanceSinkProvider> providers) {
        var map = new LinkedHashMap<String, ProvenanceSinkProvider>();
        for (ProvenanceSinkProvider p : providers) {
            ProvenanceSinkProvider first = map.putIfAbsent(p.name(), p);
            if (first != null) {
                LOG.warn("Two provenance sink providers claim the name '{}': using {}, ignoring {}", p.name(),
                        first.getClass().getName(), p.getClass().getName());
            }
        }
        this.byName = Map.copyOf(map);
    }

    /** @return the providers found with {@code ServiceLoader} */
    public static ProvenanceSinks discover() {
        return new ProvenanceSinks(Providers.load(ProvenanceSinkProvider.class));
    }

    /**
     * @param providers explicit providers, in priority order
     * @return a chooser over them
     */
    public static ProvenanceSinks of(List<ProvenanceSinkProvider> providers) {
        return new ProvenanceSinks(List.copyOf(providers));
    }

    /** @return the names that can be created */
    public List<String> names() {
        return new ArrayList<>(byName.keySet()).stream().sorted().toList();
    }

    /**
     * Creates a sink from a spec {@code name} or {@code name:key=value,key=value}.
     *
     * @param spec the spec, e.g. {@code slf4j} or {@code jsonl:dir=logs,max_file_bytes=1048576}
     * @return the sink
     * @throws IllegalArgumentException when the name is unknown or an option is malformed
     */
    public ProvenanceSink create(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        var options = new LinkedHashMap<String, String>();
        if (colon >= 0 && colon < spec.length() - 1) {
            for (String pair : spec.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Sink option '" + pair + "' of '" + name + "' is not key=value");
                }
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        ProvenanceSinkProvider p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("Unknown provenance sink '" + name + "'; available: "
                    + String.join(", ", names()));
        }
        return p.create(Map.copyOf(options));
    }
}
