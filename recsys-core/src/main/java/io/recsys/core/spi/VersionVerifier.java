package io.recsys.core.spi;

import io.recsys.core.RegisteredVersion;
import java.util.List;

/**
 * Service-provider interface: checks a registered version's files before it may serve (for
 * example against its training manifest). Registered in
 * {@code META-INF/services/io.recsys.core.spi.VersionVerifier}.
 */
public interface VersionVerifier {

    /**
     * @param version the version to check
     * @return one message per problem, each naming the file or field at fault; empty when valid
     */
    List<String> verify(RegisteredVersion version);
}
