package io.recsys.provenance.manifest;

import io.recsys.core.registry.ArtifactDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds a sealed {@link TrainingManifest}.
 *
 * <p>Defaults: {@code model_version} is {@code <model_family>-YYYYMMDDHHMMSS} in UTC from the
 * clock (e.g. {@code als-20250304181255}); {@code dataset_version} is the dataset's SHA-256; git
 * facts are read from the current working directory's tree ({@code unknown} without one);
 * {@code runtime} is the running JVM. Obtain one with {@link TrainingManifest#builder(String)}.
 */
public final class ManifestBuilder {
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final String modelFamily;
    private final Clock clock;
    private String modelVersion;
    private GitInfo git;
    private Path gitDir;
    private String datasetPath;
    private String datasetVersion;
    private String datasetSha256;
    private Long datasetSize;
    private Long rowCount;
    private Long uniqueUsers;
    private Long uniqueMovies;
    private final Map<String, Object> hyperparameters = new LinkedHashMap<>();
    private final Map<String, TrainingManifest.Artifact> artifacts = new TreeMap<>();
    private TrainingManifest.RuntimeInfo runtime;

    ManifestBuilder(String modelFamily, Clock clock) {
        this.modelFamily = Objects.requireNonNull(modelFamily, "modelFamily");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param value the build identifier ({@code --model_version}); must be a safe file name
     *     because the manifest is stored as {@code manifests/<model_version>.json}
     * @return this
     * @throws IllegalArgumentException when it is not 1..128 of {@code [A-Za-z0-9._-]}
     */
    public ManifestBuilder modelVersion(String value) {
        if (!Manifests.isSafeFileName(value)) {
            throw new IllegalArgumentException("Invalid model version '" + value
                    + "': use 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        this.modelVersion = value;
        return this;
    }

    /** @param value git facts to record instead of reading them @return this */
    public ManifestBuilder git(GitInfo value) {
        this.git = Objects.requireNonNull(value, "git");
        return this;
    }

    /** @param workingDir directory whose git working tree is recorded @return this */
    public ManifestBuilder gitFrom(Path workingDir) {
        this.gitDir = Objects.requireNonNull(workingDir, "workingDir");
        this.git = null;
        return this;
    }

    /**
     * Records a dataset file: its path as given, SHA-256 and size.
     *
     * @param file the training data file
     * @return this
     * @throws UncheckedIOException when it cannot be read
     */
    public ManifestBuilder dataset(Path file) {
        try {
            this.datasetSha256 = ArtifactDigest.sha256Of(file);
            this.datasetSize = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + file + ": " + e.getMessage(), e);
        }
        this.datasetPath = file.toString().replace(file.getFileSystem().getSeparator(), "/");
        return this;
    }

    /**
     * Records a dataset that is not a single file (e.g. generated or streamed).
     *
     * @param path a description of where it came from, e.g. {@code synthetic:seed=42}
     * @return this
     */
    public ManifestBuilder datasetPath(String path) {
        this.datasetPath = path;
        return this;
    }

    /** @param value the snapshot identifier ({@code --data_version}); default the dataset SHA-256 @return this */
    public ManifestBuilder datasetVersion(String value) {
        this.datasetVersion = value;
        return this;
    }

    /** @param value number of interactions @return this */
    public ManifestBuilder rowCount(long value) {
        this.rowCount = value;
        return this;
    }

    /** @param value number of distinct users @return this */
    public ManifestBuilder uniqueUsers(long value) {
        this.uniqueUsers = value;
        return this;
    }

    /** @param value number of distinct items ({@code unique_movies}) @return this */
    public ManifestBuilder uniqueMovies(long value) {
        this.uniqueMovies = value;
        return this;
    }

    /**
     * @param name hyperparameter name
     * @param value a string, number, boolean, list or map of those
     * @return this
     * @throws IllegalArgumentException for a NaN or infinite number, which JSON cannot hold
     */
    public ManifestBuilder hyperparameter(String name, Object value) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new IllegalArgumentException("Hyperparameter " + name + " is " + value
                    + "; JSON has no representation for it, record it as a string");
        }
        hyperparameters.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /** @param values hyperparameters to add @return this */
    public ManifestBuilder hyperparameters(Map<String, ?> values) {
        values.forEach(this::hyperparameter);
        return this;
    }

    /**
     * Records one artifact file.
     *
     * @param name the artifact's name, e.g. {@code item_factors}
     * @param artifactDir the artifact directory the path is relative to
     * @param relativePath the file's path inside it
     * @return this
     * @throws IllegalArgumentException when the path leaves the directory
     * @throws UncheckedIOException when the file cannot be read
     */
    public ManifestBuilder artifact(String name, Path artifactDir, String relativePath) {
        Path file = artifactDir.resolve(relativePath);
        if (!Manifests.isInside(artifactDir, file) || Path.of(relativePath).isAbsolute()) {
            throw new IllegalArgumentException("Artifact path " + relativePath + " leaves " + artifactDir);
        }
        try {
            artifacts.put(name, new TrainingManifest.Artifact(relativePath.replace('\\', '/'),
                    ArtifactDigest.sha256Of(file), Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read artifact " + file + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Records every regular file under {@code artifactDir} (recursively) except manifests
     * ({@code manifests/} and {@code model_manifest.json}), each named by its relative path
     * without the extension ({@code item_factors.npy} is {@code item_factors}); when two files
     * would share a name, both are named by their full relative path.
     *
     * @param artifactDir the artifact directory
     * @return this
     * @throws UncheckedIOException when it cannot be read
     */
    public ManifestBuilder artifactsFrom(Path artifactDir) {
        Collection<Path> files;
        try {
            files = ArtifactDigest.files(artifactDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list artifacts in " + artifactDir + ": " + e.getMessage(), e);
        }
        Map<String, Integer> stems = new TreeMap<>();
        var rels = new java.util.ArrayList<String>();
        for (Path f : files) {
            String rel = artifactDir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            if (rel.equals(ManifestWriter.POINTER_FILE) || rel.startsWith(ManifestWriter.MANIFESTS_DIR + "/")) {
                continue;
            }
            rels.add(rel);
            stems.merge(stem(rel), 1, Integer::sum);
        }
        for (String rel : rels) {
            String stem = stem(rel);
            artifact(stems.get(stem) > 1 ? rel : stem, artifactDir, rel);
        }
        return this;
    }

    /** @param value runtime to record instead of the running JVM @return this */
    public ManifestBuilder runtime(TrainingManifest.RuntimeInfo value) {
        this.runtime = value;
        return this;
    }

    /** @return the sealed manifest (its {@code manifest_sha256} set) */
    public TrainingManifest build() {
        Instant now = clock.instant();
        String version = modelVersion != null ? modelVersion : modelFamily + "-" + VERSION_TIME.format(now);
        GitInfo g = git != null ? git : GitInfo.detect(gitDir != null ? gitDir : Path.of("").toAbsolutePath());
        String dataVersion = datasetVersion != null ? datasetVersion
                : datasetSha256 != null ? datasetSha256 : GitInfo.UNKNOWN_VALUE;
        var data = new TrainingManifest.DataInfo(datasetPath, dataVersion, datasetSha256, rowCount, uniqueUsers,
                uniqueMovies, datasetSize);
        return new TrainingManifest(modelFamily, version, now.toString(), TrainingManifest.Pipeline.of(g), data,
                hyperparameters, artifacts, runtime != null ? runtime : TrainingManifest.RuntimeInfo.current(), null)
                .sealed();
    }

    private static String stem(String rel) {
        int slash = rel.lastIndexOf('/');
        int dot = rel.lastIndexOf('.');
        return dot > slash + 1 ? rel.substring(0, dot) : rel;
    }
}
