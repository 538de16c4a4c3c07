package io.recsys.provenance.manifest;

import io.recsys.provenance.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/** Reading and hashing training manifests. */
public final class Manifests {

    private static final String LIBRARY_VERSION = loadLibraryVersion();

    private Manifests() {
    }

    /**
     * @param file a manifest file
     * @return the manifest (unknown fields are ignored)
     * @throws IOException when the file cannot be read or is not a manifest
     */
    public static TrainingManifest read(Path file) throws IOException {
        return Json.MAPPER.treeToValue(readTree(file), TrainingManifest.class);
    }

    /**
     * @param file a manifest file
     * @return its JSON object, with every field (also those this release does not know)
     * @throws IOException when the file cannot be read or does not hold a JSON object
     */
    public static ObjectNode readTree(Path file) throws IOException {
        JsonNode node = Json.MAPPER.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + " does not hold a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * The manifest hash of a manifest's JSON: the SHA-256 of the {@linkplain CanonicalJson
     * canonical form} of the object without its {@code manifest_sha256} field.
     *
     * @param manifest a manifest's JSON object (not modified)
     * @return lower-case hex SHA-256
     * @throws IllegalArgumentException when it is not an object or holds non-finite numbers
     */
    public static String sha256(JsonNode manifest) {
        if (!manifest.isObject()) {
            throw new IllegalArgumentException("A manifest is a JSON object, got " + manifest.getNodeType());
        }
        ObjectNode copy = ((ObjectNode) manifest).deepCopy();
        copy.remove(TrainingManifest.HASH_FIELD);
        return CanonicalJson.sha256(copy);
    }

    /** @return this library's version, or {@code unknown} when it cannot be determined */
    public static String libraryVersion() {
        return LIBRARY_VERSION;
    }

    private static String loadLibraryVersion() {
        try (InputStream in = Manifests.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                var props = new Properties();
                props.load(in);
                String v = props.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest attribute
        }
        String v = Manifests.class.getPackage().getImplementationVersion();
        return v != null ? v : GitInfo.UNKNOWN_VALUE;
    }

    /**
     * @param name a candidate file-name component (e.g. a model version)
     * @return whether it is safe as a file name: 1..128 of {@code [A-Za-z0-9._-]}, not starting with a dot
     */
    public static boolean isSafeFileName(String name) {
        return name != null && name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    }

    /** @return whether {@code p} is a file under {@code dir} */
    static boolean isInside(Path dir, Path p) {
        return p.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
    }
}
