package io.recsys.provenance.manifest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The training manifest of one model build: an immutable record of what produced it (pipeline
 * commit, data, hyperparameters, runtime) and of every artifact file with its SHA-256 and size,
 * sealed by {@code manifest_sha256}, the SHA-256 of the manifest's {@linkplain CanonicalJson
 * canonical form} without that field.
 *
 * <p>The JSON schema is the seed's ("Provenance &amp; Versioning") plus {@code runtime}:
 * <pre>{@code
 * { "model_family": "als", "model_version": "als-20250304181255", "trained_at": "2025-03-04T18:12:55.123456Z",
 *   "pipeline": {"git_commit": "80d8e56f...", "git_branch": "main", "git_dirty": "0"},
 *   "data": {"dataset_path": ..., "dataset_version": ..., "dataset_sha256": ..., "row_count": ...,
 *            "unique_users": ..., "unique_movies": ..., "dataset_size_bytes": ...},
 *   "hyperparameters": {...},
 *   "artifacts": {"item_factors": {"path": "item_factors.npy", "sha256": "...", "size_bytes": 4096}, ...},
 *   "runtime": {"java_version": "17.0.15", "java_vendor": ..., "os": ..., "library_version": ...},
 *   "manifest_sha256": "51ac..." }
 * }</pre>
 * Artifact paths are relative to the model's artifact directory, with {@code /} separators.
 *
 * <p>Readers ignore fields they do not know, so manifests written by later releases still read.
 * Verification ({@link ManifestVerification}) hashes the file's JSON tree as read, not this typed
 * view, so such added fields stay covered by the hash.
 *
 * @param modelFamily the model type, e.g. {@code als}
 * @param modelVersion the build's identifier, e.g. {@code als-20250304181255}
 * @param trainedAt ISO-8601 instant of training
 * @param pipeline the code that trained it
 * @param data the data it was trained on
 * @param hyperparameters training settings (strings, numbers, booleans, lists, maps)
 * @param artifacts the artifact files by name
 * @param runtime the JVM and library that trained it
 * @param manifestSha256 the manifest's own hash, or null before it is sealed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"model_family", "model_version", "trained_at", "pipeline", "data", "hyperparameters",
        "artifacts", "runtime", "manifest_sha256"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingManifest(
        String modelFamily,
        String modelVersion,
        String trainedAt,
        Pipeline pipeline,
        DataInfo data,
        Map<String, Object> hyperparameters,
        Map<String, Artifact> artifacts,
        RuntimeInfo runtime,
        String manifestSha256) {

    /** Field name of the manifest's own hash. */
    public static final String HASH_FIELD = "manifest_sha256";

    /** Validates required fields and copies the maps (keeping their order). */
    public TrainingManifest {
        Objects.requireNonNull(modelFamily, "model_family");
        Objects.requireNonNull(modelVersion, "model_version");
        trainedAt = Objects.requireNonNullElse(trainedAt, "");
        pipeline = Objects.requireNonNullElse(pipeline, Pipeline.UNKNOWN);
        data = Objects.requireNonNullElse(data, DataInfo.NONE);
        hyperparameters = hyperparameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        artifacts = artifacts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
        runtime = Objects.requireNonNullElse(runtime, RuntimeInfo.UNKNOWN);
    }

    /**
     * @param modelFamily the model type, e.g. {@code als}
     * @return a builder with the system UTC clock
     */
    public static ManifestBuilder builder(String modelFamily) {
        return new ManifestBuilder(modelFamily, Clock.systemUTC());
    }

    /**
     * @param modelFamily the model type, e.g. {@code als}
     * @param clock the clock for {@code trained_at} and the default model version
     * @return a builder
     */
    public static ManifestBuilder builder(String modelFamily, Clock clock) {
        return new ManifestBuilder(modelFamily, clock);
    }

    /**
     * Computes the hash this manifest's content should carry: the SHA-256 of the canonical form
     * of its JSON without {@code manifest_sha256}. The JSON is written and read back first, so
     * the result equals what {@link ManifestVerification} computes from the written file.
     *
     * @return lower-case hex SHA-256
     */
    public String computeSha256() {
        return Manifests.sha256(toJsonTree());
    }

    /** @return whether {@code manifest_sha256} is present and matches the content */
    @JsonIgnore
    public boolean isSealed() {
        return manifestSha256 != null && manifestSha256.equals(computeSha256());
    }

    /** @return a copy carrying {@code manifest_sha256} = {@link #computeSha256()} */
    public TrainingManifest sealed() {
        return new TrainingManifest(modelFamily, modelVersion, trainedAt, pipeline, data, hyperparameters,
                artifacts, runtime, computeSha256());
    }

    /** @return this manifest as a JSON tree, as it is written to a file */
    public ObjectNode toJsonTree() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise manifest " + modelVersion, e);
        }
    }

    /** @return this manifest as indented JSON text */
    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot serialise manifest " + modelVersion, e);
        }
    }

    /**
     * The code that produced the model.
     *
     * @param gitCommit full commit hash, or {@code unknown}
     * @param gitBranch branch name, or {@code unknown}
     * @param gitDirty {@code "1"} when the working tree had uncommitted changes, {@code "0"} when
     *     clean, {@code unknown} without a working tree
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pipeline(
            String gitCommit,
            String gitBranch,
            String gitDirty) {

        /** Git facts when there is no working tree. */
        public static final Pipeline UNKNOWN = new Pipeline(GitInfo.UNKNOWN_VALUE, GitInfo.UNKNOWN_VALUE,
                GitInfo.UNKNOWN_VALUE);

        /** Replaces absent values by {@code unknown}. */
        public Pipeline {
            gitCommit = Objects.requireNonNullElse(gitCommit, GitInfo.UNKNOWN_VALUE);
            gitBranch = Objects.requireNonNullElse(gitBranch, GitInfo.UNKNOWN_VALUE);
            gitDirty = Objects.requireNonNullElse(gitDirty, GitInfo.UNKNOWN_VALUE);
        }

        /**
         * @param git facts read from a working tree
         * @return the manifest's pipeline block
         */
        public static Pipeline of(GitInfo git) {
            return new Pipeline(git.commit(), git.branch(), git.dirty());
        }
    }

    /**
     * The training data. {@code unique_movies} keeps the seed's name and means distinct items.
     *
     * @param datasetPath where the data was read from (as given, not resolved)
     * @param datasetVersion the snapshot identifier ({@code --data_version}); defaults to the SHA-256
     * @param datasetSha256 SHA-256 of the dataset file, or null when it is not a single file
     * @param rowCount number of interactions
     * @param uniqueUsers number of distinct users
     * @param uniqueMovies number of distinct items
     * @param datasetSizeBytes size of the dataset file, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DataInfo(
            String datasetPath,
            String datasetVersion,
            String datasetSha256,
            Long rowCount,
            Long uniqueUsers,
            Long uniqueMovies,
            Long datasetSizeBytes) {

        /** No data recorded. */
        public static final DataInfo NONE = new DataInfo(null, GitInfo.UNKNOWN_VALUE, null, null, null, null, null);
    }

    /**
     * One artifact file.
     *
     * @param path path relative to the artifact directory, {@code /}-separated
     * @param sha256 lower-case hex SHA-256 of its content
     * @param sizeBytes its size
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Artifact(
            String path,
            String sha256,
            long sizeBytes) {

        /** Validates the fields. */
        public Artifact {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }

        /**
         * @param artifactDir the artifact directory
         * @return the file this entry names
         */
        public Path resolve(Path artifactDir) {
            return artifactDir.resolve(path);
        }
    }

    /**
     * The JVM and library that trained the model (as Tribuo records).
     *
     * @param javaVersion {@code java.version}
     * @param javaVendor {@code java.vendor}
     * @param os operating system name, version and architecture
     * @param libraryVersion the recsys version
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RuntimeInfo(
            String javaVersion,
            String javaVendor,
            String os,
            String libraryVersion) {

        /** Runtime not recorded. */
        public static final RuntimeInfo UNKNOWN = new RuntimeInfo("unknown", "unknown", "unknown", "unknown");

        /** @return the running JVM and library */
        public static RuntimeInfo current() {
            return new RuntimeInfo(System.getProperty("java.version", "unknown"),
                    System.getProperty("java.vendor", "unknown"),
                    System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "")
                            + " " + System.getProperty("os.arch", ""),
                    Manifests.libraryVersion());
        }
    }
}
