package io.recsys.provenance.manifest;

import io.recsys.core.RegisteredVersion;
import io.recsys.core.spi.VersionVerifier;
import java.util.List;

/**
 * Checks a registry version against the training manifest stored beside its {@code meta.json}
 * ({@code vX.Y/manifest.json}); see {@link ManifestVerification} for what is checked. Registered
 * in {@code META-INF/services/io.recsys.core.spi.VersionVerifier}, so a version whose artifacts or
 * manifest were altered after training refuses to load. A version with no manifest (and no
 * {@code manifest_sha256} in {@code meta.json}) passes here.
 */
public final class ManifestVerifier implements VersionVerifier {

    /** Creates the verifier (used by {@code ServiceLoader}). */
    public ManifestVerifier() {
    }

    @Override
    public List<String> verify(RegisteredVersion version) {
        return ManifestVerification.verify(version).problems();
    }
}
