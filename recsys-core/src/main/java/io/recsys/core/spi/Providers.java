package io.recsys.core.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServiceLoader discovery in the manner of slf4j 2.x: providers are looked up through the
 * library's own class loader (or one given explicitly), and a provider that fails to load is
 * logged and skipped so that one broken jar does not hide the others.
 */
public final class Providers {
    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    /** Guards against a provider configuration that fails on every step. */
    private static final int MAX_FAILURES = 100;

    private Providers() {
    }

    /**
     * @param type the service interface
     * @param <S> the service type
     * @return every provider that loads, in class-path order
     */
    public static <S> List<S> load(Class<S> type) {
        return load(type, Providers.class.getClassLoader());
    }

    /**
     * @param type the service interface
     * @param classLoader where to look
     * @param <S> the service type
     * @return every provider that loads, in class-path order
     */
    public static <S> List<S> load(Class<S> type, ClassLoader classLoader) {
        var found = new ArrayList<S>();
        Iterator<S> it = ServiceLoader.load(type, classLoader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                failures++;
                LOG.warn("Skipping a {} provider that failed to load: {}", type.getSimpleName(), e.getMessage());
            }
        }
        return found;
    }
}
