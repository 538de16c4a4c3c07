package io.recsys.examples.cli;

import io.recsys.examples.server.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one place where {@code serve} and {@code demo} turn the environment into server settings, so
 * the two commands honour the same variables: {@code MODEL_ADMIN_API_KEY} (or {@code MODEL_ADMIN_API_KEY_FILE}),
 * {@code CONTAINER_IMAGE_DIGEST} and the {@code KAFKA_*} variables here; the rollout variables
 * ({@code MODEL_VERSION}, {@code ROLLOUT_STRATEGY}, {@code CANARY_VERSION},
 * {@code CANARY_PERCENTAGE}, {@code ENVIRONMENT}, {@code ROLLOUT_SALT}, {@code ROLLOUT_BUCKETING})
 * and {@code RECSYS_STATE_DIR} / {@code RECSYS_ALLOWED_HOSTS} by the server itself from the map
 * both commands pass it. A flag given wins over its variable.
 */
final class ServeEnvironment {
    static final String ADMIN_KEY_ENV = "MODEL_ADMIN_API_KEY";
    /** The container convention: the key in a file mounted as a secret. */
    static final String ADMIN_KEY_FILE_ENV = "MODEL_ADMIN_API_KEY_FILE";
    static final String IMAGE_DIGEST_ENV = "CONTAINER_IMAGE_DIGEST";
    /** The variables that choose which versions serve and how (ENVIRONMENT, salt and bucketing do not). */
    static final List<String> ROLLOUT_CHOICE_VARIABLES = List.of("MODEL_VERSION", "ROLLOUT_STRATEGY", "CANARY_VERSION",
            "CANARY_PERCENTAGE");

    private ServeEnvironment() {
    }

    /**
     * @param registry the model registry
     * @param env the environment
     * @param adminKeyFile {@code --admin-key-file}, or null for {@code MODEL_ADMIN_API_KEY_FILE}, then
     *     {@code MODEL_ADMIN_API_KEY}
     * @param imageDigest {@code --image-digest}, or null for {@code CONTAINER_IMAGE_DIGEST}
     * @param kafka the Kafka flags, each falling back to its variable
     * @return a builder with the settings both commands take from flags or the environment
     * @throws IOException when the key file cannot be read
     */
    static ServerOptions.Builder builder(Path registry, Map<String, String> env, Path adminKeyFile, String imageDigest,
                                         KafkaServeOptions kafka) throws IOException {
        String keyFileVariable = blankToNull(env.get(ADMIN_KEY_FILE_ENV));
        Path keyFile = adminKeyFile != null ? adminKeyFile : keyFileVariable != null ? Path.of(keyFileVariable) : null;
        String key = keyFile != null ? blankToNull(Files.readString(keyFile).trim()) : blankToNull(env.get(ADMIN_KEY_ENV));
        return ServerOptions.builder(registry)
                .adminKey(key)
                .imageDigest(imageDigest != null ? imageDigest : blankToNull(env.get(IMAGE_DIGEST_ENV)))
                .kafka(kafka.settings(env));
    }

    /** @return whether the environment chooses the serving versions or strategy itself */
    static boolean choosesRollout(Map<String, String> env) {
        return ROLLOUT_CHOICE_VARIABLES.stream().anyMatch(k -> blankToNull(env.get(k)) != null);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
