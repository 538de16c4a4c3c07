package io.recsys.benchmarks;

import io.recsys.als.AlsArtifacts;
import io.recsys.als.AlsHyperparameters;
import io.recsys.als.AlsModel;
import io.recsys.als.AlsTrainer;
import io.recsys.als.data.Interactions;
import io.recsys.als.data.SyntheticData;
import io.recsys.core.ModelVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.manifest.GitInfo;
import io.recsys.provenance.manifest.ManifestWriter;
import io.recsys.provenance.manifest.ProvenanceExport;
import io.recsys.provenance.manifest.TrainingManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A model registry holding ALS versions trained on the synthetic MovieLens-1M shape (6,040 users,
 * 3,706 items, 1,000,209 interactions; {@link SyntheticData#movieLens1m()}), the serving fixture
 * shared by {@link ServiceBenchmark}, {@link SloCheck} and {@link ServeMain}. Version {@code v0.n}
 * is trained with seed {@code 41 + n}, so the versions differ as successive retrainings do.
 *
 * <p>Serving cost depends on the shape (items x factors) and on each user's seen items, not on how
 * many sweeps the fit ran, so the fixture trains a few sweeps ({@link #DEFAULT_SWEEPS}) to keep
 * set-up short.
 */
public final class ServingFixture {
    /** Users of the synthetic MovieLens-1M shape; user ids are {@code 1..USERS}. */
    public static final int USERS = 6_040;
    /** Items of the synthetic MovieLens-1M shape. */
    public static final int ITEMS = 3_706;
    /** Latent factors of the served model. */
    public static final int FACTORS = 64;
    /** ALS sweeps per version. */
    public static final int DEFAULT_SWEEPS = 3;

    private ServingFixture() {
    }

    /**
     * Creates a registry under {@code root} and publishes {@code versions} ALS versions into it
     * ({@code v0.1 ... v0.n}, {@code latest} pointing at {@code v0.1}).
     *
     * @param root registry directory (created; must not hold versions yet)
     * @param versions how many versions, at least 1
     * @param sweeps ALS sweeps per version
     * @param threads training threads
     * @return the registry
     * @throws IOException when writing fails
     */
    public static FileSystemModelRegistry create(Path root, int versions, int sweeps, int threads) throws IOException {
        if (versions < 1) {
            throw new IllegalArgumentException("versions must be at least 1");
        }
        Files.createDirectories(root);
        var registry = new FileSystemModelRegistry(root);
        if (!registry.versions().isEmpty()) {
            throw new IllegalArgumentException("registry " + root + " already holds versions " + registry.versions());
        }
        Interactions data = SyntheticData.movieLens1m().generate();
        Path staging = Files.createTempDirectory("recsys-bench-artifacts");
        try {
            for (int n = 1; n <= versions; n++) {
                long t0 = System.nanoTime();
                AlsHyperparameters hp = AlsHyperparameters.builder().factors(FACTORS).iterations(sweeps)
                        .threads(threads).seed(41L + n).build();
                AlsModel model = new AlsTrainer(hp).fit(data);
                Path dir = staging.resolve("v" + n);
                AlsArtifacts.write(dir, model, Map.of());
                // sealed with a training manifest, as a pipeline publishes: the service's verifiers refuse less
                TrainingManifest manifest = TrainingManifest.builder("als").modelVersion("benchmark-v" + n)
                        .git(new GitInfo("benchmark", "main", "0")).datasetPath("synthetic")
                        .datasetVersion("synthetic-ml1m-seed42").artifactsFrom(dir).build();
                ManifestWriter.Written written = ManifestWriter.write(manifest, staging.resolve("manifest-v" + n));
                int version = n;
                ProvenanceExport.publish(registry, dir, written.pointer(), b -> b.makeLatest(version == 1));
                System.err.printf(Locale.ROOT, "published v0.%d (%d x %d, %d sweeps) in %.1f s%n", n, ITEMS, FACTORS,
                        sweeps, (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            deleteRecursively(staging);
        }
        registry.setLatest(ModelVersion.parse("v0.1"));
        return registry;
    }

    /**
     * A registry of {@code versions} versions kept under {@code java.io.tmpdir} and reused by later
     * runs (the data and seeds are fixed, so a rerun would train the same models). It is made in a
     * staging directory and renamed into place, so an interrupted run leaves nothing half-made.
     *
     * @param versions how many versions
     * @return the registry's directory
     */
    public static Path cachedRegistry(int versions) {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "recsys-benchmarks");
        Path dir = base.resolve(String.format(Locale.ROOT, "registry-ml1m-%dx%d-%dsweeps-%dv-sealed", ITEMS, FACTORS,
                DEFAULT_SWEEPS, versions));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(base);
            Path staging = Files.createTempDirectory(base, "staging-");
            create(staging, versions, DEFAULT_SWEEPS, Math.max(1, Runtime.getRuntime().availableProcessors()));
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteRecursively(staging);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param dir a directory to delete with everything under it (absent: nothing happens)
     * @throws IOException when a file cannot be deleted
     */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
