package io.recsys.core.spi;

import java.util.Map;

/**
 * Service-provider interface: creates a {@link ProvenanceSink} by name from string options, so
 * an application can select sinks by configuration. Registered in
 * {@code META-INF/services/io.recsys.core.spi.ProvenanceSinkProvider}.
 */
public interface ProvenanceSinkProvider {

    /** @return the sink's name, e.g. {@code jsonl} */
    String name();

    /**
     * @param options sink options (e.g. {@code path})
     * @return a new sink
     * @throws IllegalArgumentException when a required option is missing or malformed
     */
    ProvenanceSink create(Map<String, String> options);
}
