package io.recsys.core.signing;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The public keys whose signatures an operator trusts, by key id. Immutable. */
public final class TrustedKeys {
    private static final TrustedKeys NONE = new TrustedKeys(Map.of());

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** @return no trusted key */
    public static TrustedKeys none() {
        return NONE;
    }

    /**
     * @param publicKeyFiles PEM public key files
     * @return the keys they hold
     * @throws SigningKeys.InvalidKeyFileException when a file is missing or malformed
     */
    public static TrustedKeys fromFiles(Collection<Path> publicKeyFiles) {
        var map = new LinkedHashMap<String, PublicKey>();
        for (Path p : publicKeyFiles) {
            PublicKey k = SigningKeys.readPublicKey(p);
            map.put(SigningKeys.keyId(k), k);
        }
        return new TrustedKeys(map);
    }

    /**
     * @param keyId a key id
     * @return the trusted key with that id
     */
    public Optional<PublicKey> find(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }

    /** @return the ids of the trusted keys */
    public Set<String> ids() {
        return keys.keySet();
    }

    /** @return whether no key is trusted */
    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
