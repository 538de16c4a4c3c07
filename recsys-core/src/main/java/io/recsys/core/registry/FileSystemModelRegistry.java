package io.recsys.core.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.ModelRegistry;
import io.recsys.core.ModelVersion;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.RegistryException;
import io.recsys.core.UnknownVersionException;
import io.recsys.core.VersionMetadata;
import io.recsys.core.signing.VersionSigner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A {@link ModelRegistry} on a local file system, in the seeds' layout:
 *
 * <pre>
 * registry/
 *   latest.txt            the current version, e.g. "v0.3\n"
 *   v0.3/meta.json        version metadata (VersionMetadata)
 *   v0.3/manifest.json    optional version files (e.g. the training manifest)
 *   v0.3/als/...          the model's artifacts, under its model name
 * </pre>
 *
 * <p>Publication is crash-safe: files are copied into a hidden staging directory
 * ({@code .staging-*}) and fsynced; then, under a registry-wide lock (an in-process lock plus a
 * {@link FileLock} on {@code .lock}, so separate processes serialise too), the next version number
 * is chosen, {@code meta.json} is written and fsynced, the staging directory is renamed to
 * {@code vX.Y} in one atomic rename, and {@code latest.txt} is replaced by an atomic rename of a
 * fsynced temporary file. A process killed at any point leaves either no new version or a
 * complete one; leftover staging directories are never listed and can be removed with
 * {@link #removeAbandonedStaging(Duration)}. A version directory counts only when it has a
 * {@code meta.json}.
 */
public final class FileSystemModelRegistry implements ModelRegistry {
    static final String LATEST = "latest.txt";
    static final String META = "meta.json";
    static final String STAGING_PREFIX = ".staging-";
    private static final String LOCK = ".lock";

    private static final ObjectMapper JSON = RegistryJson.MAPPER;
    private static final ReentrantLock PROCESS_LOCK = new ReentrantLock();

    private final Path root;
    private final CopyListener copyListener;

    /**
     * Observes a publication's progress: called after each file is copied into the staging
     * directory (for progress reports on large models). An exception aborts the publication and
     * leaves nothing behind.
     */
    @FunctionalInterface
    public interface CopyListener {
        /**
         * @param target the file just copied, inside the staging directory
         * @throws IOException to abort the publication
         */
        void copied(Path target) throws IOException;
    }

    /** Age after which a staging directory or temporary file is abandoned: no publisher copies this long. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(6);

    /**
     * Opens (and creates if needed) a registry directory, and removes what publishers that died at
     * least {@code 6 h} ago left behind (best effort: a read-only registry is opened all the same).
     *
     * @param root the registry directory
     * @throws RegistryException when it cannot be created
     */
    public FileSystemModelRegistry(Path root) {
        this(root, target -> { });
    }

    /**
     * Opens a registry directory as {@link #FileSystemModelRegistry(Path)}, observing every file
     * that publications copy.
     *
     * @param root the registry directory
     * @param copyListener called after each file copied into staging
     * @throws RegistryException when it cannot be created
     */
    public FileSystemModelRegistry(Path root, CopyListener copyListener) {
        this.root = root.toAbsolutePath().normalize();
        this.copyListener = copyListener;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new RegistryException("Cannot create model registry at " + this.root + ": " + e.getMessage(), e);
        }
        try {
            removeAbandonedStaging(ABANDONED_AFTER);
        } catch (RuntimeException e) {
            // read-only or shared registries: housekeeping is someone else's job there
        }
    }

    /** @return the registry directory */
    public Path root() {
        return root;
    }

    @Override
    public List<ModelVersion> versions() {
        var out = new ArrayList<ModelVersion>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (ModelVersion.isValid(name) && Files.isRegularFile(p.resolve(META))) {
                    out.add(ModelVersion.parse(name));
                }
            }
        } catch (IOException e) {
            throw new RegistryException("Cannot list model registry " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private List<ModelVersion> versionNamedDirectories() throws IOException {
        var out = new ArrayList<ModelVersion>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (ModelVersion.isValid(name)) {
                    out.add(ModelVersion.parse(name));
                }
            }
        }
        return out;
    }

    @Override
    public boolean contains(ModelVersion version) {
        return Files.isRegularFile(root.resolve(version.toString()).resolve(META));
    }

    @Override
    public Optional<ModelVersion> latest() {
        Path file = root.resolve(LATEST);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RegistryException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!ModelVersion.isValid(text)) {
            throw new RegistryException(file + " does not hold a model version (found '" + abbreviate(text)
                    + "'); fix it with setLatest or by writing e.g. v0.1 into it");
        }
        ModelVersion v = ModelVersion.parse(text);
        return contains(v) ? Optional.of(v) : Optional.empty();
    }

    @Override
    public RegisteredVersion get(ModelVersion version) {
        Path dir = root.resolve(version.toString());
        Path meta = dir.resolve(META);
        if (!Files.isRegularFile(meta)) {
            throw new UnknownVersionException(version, versions());
        }
        VersionMetadata md;
        try {
            md = JSON.readValue(meta.toFile(), VersionMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw new RegistryException("Cannot read meta.json of " + version + ": it is not valid version metadata", e);
        }
        if (!version.toString().equals(md.version())) {
            throw new RegistryException("meta.json of " + version + " names version " + abbreviate(md.version()));
        }
        if (!PublishRequest.isValidModelName(md.modelName())) {
            // the model name becomes a path: never let a registry file choose where we read
            throw new RegistryException("meta.json of " + version + " has an invalid model_name '"
                    + abbreviate(md.modelName()) + "'");
        }
        return new RegisteredVersion(version, md, dir, dir.resolve(md.modelName()));
    }

    @Override
    public RegisteredVersion publish(Path sourceDir, PublishRequest request) {
        if (!Files.isDirectory(sourceDir)) {
            throw new RegistryException("Cannot publish " + sourceDir + ": not a directory");
        }
        Path staging = root.resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            Path artifacts = staging.resolve(request.modelName());
            Files.createDirectories(artifacts);
            copyTree(sourceDir, artifacts);
            for (Map.Entry<String, Path> e : request.versionFiles().entrySet()) {
                Path target = staging.resolve(e.getKey());
                Files.copy(e.getValue(), target);
                copyListener.copied(target);
            }
            ArtifactDigest digest = ArtifactDigest.of(artifacts);
            DurableFiles.fsyncTree(staging);
            return commit(staging, request, digest);
        } catch (IOException | RuntimeException e) {
            DurableFiles.deleteQuietly(staging);
            if (e instanceof RegistryException re) {
                throw re;
            }
            throw new RegistryException("Publishing " + sourceDir + " failed; nothing was published: " + e, e);
        }
    }

    /**
     * Work done while holding the registry-wide lock.
     *
     * @param <T> what the work returns
     */
    @FunctionalInterface
    public interface Locked<T> {
        /**
         * @return the work's result
         * @throws IOException when the work fails; the lock is released all the same
         */
        T run() throws IOException;
    }

    /**
     * Runs {@code work} under the registry-wide lock that publications take (an in-process lock
     * plus a {@link FileLock} on {@code .lock}), so it is serialised with every publication and
     * every other locked work on this registry, in this process and in others that share the
     * directory. Used by servers that keep shared state beside the versions (compare-and-set of a
     * fleet's serving state). Keep the work short: publications wait for it.
     *
     * @param work what to run; must not call back into a locked registry method
     * @param <T> what the work returns
     * @return what {@code work} returned
     * @throws IOException when the lock cannot be taken or the work fails
     */
    public <T> T withLock(Locked<T> work) throws IOException {
        return locked(work);
    }

    /** Runs {@code work} under the in-process lock and the cross-process file lock. */
    private <T> T locked(Locked<T> work) throws IOException {
        PROCESS_LOCK.lock();
        try (FileChannel ch = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = ch.lock();
            try {
                return work.run();
            } finally {
                lock.release();
            }
        } finally {
            PROCESS_LOCK.unlock();
        }
    }

    private RegisteredVersion commit(Path staging, PublishRequest request, ArtifactDigest digest) throws IOException {
        return locked(() -> {
            // every version-named directory counts, with or without meta.json: a leftover never blocks a publish
            ModelVersion last = versionNamedDirectories().stream().max(Comparator.naturalOrder())
                    .orElse(new ModelVersion(0, 0));
            ModelVersion next = request.major() ? last.nextMajor() : last.nextMinor();
            var md = new VersionMetadata(next.toString(),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)),
                    request.modelName(), request.gitSha(), request.dataSnapshotId(), request.imageDigest(),
                    request.exportedBy() != null ? request.exportedBy() : System.getProperty("user.name", ""),
                    digest.sha256(), digest.size(), request.metrics(), request.manifestSha256());
            Path meta = staging.resolve(META);
            byte[] metaBytes = JSON.writeValueAsBytes(md);
            DurableFiles.writeDurably(meta, metaBytes);
            if (request.signer() != null) {
                DurableFiles.writeDurably(staging.resolve(VersionSigner.SIGNATURE_FILE), request.signer().signatureFile(metaBytes));
            }
            DurableFiles.fsync(staging);
            Path target = root.resolve(next.toString());
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                throw new RegistryException("Cannot commit " + next + ": " + e, e);
            }
            DurableFiles.fsync(root);
            if (request.makeLatest()) {
                writeLatest(next);
            }
            return new RegisteredVersion(next, md, target, target.resolve(request.modelName()));
        });
    }

    @Override
    public void setLatest(ModelVersion version) {
        try {
            locked(() -> {
                if (!contains(version)) {
                    throw new UnknownVersionException(version, versions());
                }
                writeLatest(version);
                return null;
            });
        } catch (IOException e) {
            throw new RegistryException("Cannot update " + root.resolve(LATEST) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what publishers that died left behind: staging directories and temporary
     * {@code latest.txt} files older than {@code minAge} (a live publisher's are younger than its
     * copy time). Neither is ever listed or read, so this is housekeeping, not repair.
     *
     * @param minAge how old a leftover must be to count as abandoned
     * @return how many were removed
     */
    public int removeAbandonedStaging(Duration minAge) {
        int removed = 0;
        Instant cutoff = Instant.now().minus(minAge);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root,
                p -> p.getFileName().toString().startsWith(STAGING_PREFIX)
                        || p.getFileName().toString().startsWith(LATEST + ".tmp-"))) {
            for (Path p : ds) {
                if (!Files.getLastModifiedTime(p).toInstant().isAfter(cutoff)) {
                    DurableFiles.deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new RegistryException("Cannot list model registry " + root + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private void writeLatest(ModelVersion version) throws IOException {
        Path tmp = root.resolve(LATEST + ".tmp-" + UUID.randomUUID());
        try {
            DurableFiles.writeDurably(tmp, (version + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, root.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.fsync(root);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void copyTree(Path from, Path to) throws IOException {
        for (Path file : ArtifactDigest.files(from)) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
            copyListener.copied(target);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
