package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelVersion;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.manifest.ManifestVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of publication: a separate publisher process exporting versions (with a training
 * manifest and a megabyte of extra artifacts each) in a loop is killed with {@code SIGKILL} at a
 * random point, again and again. After every kill the registry must list only complete versions,
 * each of which verifies ({@code artifact_sha} recomputed, training manifest checked), and
 * {@code latest.txt} must name one of them. The kill point is chosen by waiting for a random
 * number of the child's progress lines (one per copied file), not by time.
 */
class KilledPublisherIT {
    private static final int KILLS = 20;
    private static final int BLOBS = 4;
    private static final int BLOB_BYTES = 256 * 1024;
    /** Lines the child prints per export: "exporting", one "copying" per file, "published". */
    private static final int LINES_PER_EXPORT = 1 + (2 + BLOBS + 1) + 1;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void registryNeverShowsAPartialVersionAfterAKill() throws Exception {
        Path root = temp.resolve("registry");
        var registry = new FileSystemModelRegistry(root);
        Path stderr = temp.resolve("publisher-stderr.log");
        long seed = System.nanoTime();
        var random = new Random(seed);
        System.out.println("KilledPublisher: seed " + seed);
        Set<ModelVersion> reportedPublished = new HashSet<>();
        int killedMidCopy = 0;
        int killedOtherwise = 0;
        long verifyNanos = 0;
        long started = System.nanoTime();
        // The next publisher starts while the current one runs, and waits for "go": JVM start-up
        // overlaps the previous export instead of adding to it.
        ChildJvm next = startPublisher(root, stderr);
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                String last;
                try (ChildJvm child = next) {
                    child.awaitLine("ready", LINE_TIMEOUT);
                    child.send("go");
                    next = kill + 1 < KILLS ? startPublisher(root, stderr) : null;
                    int wait = 1 + random.nextInt(2 * LINES_PER_EXPORT);
                    last = "go";
                    for (int i = 0; i < wait; i++) {
                        last = child.nextLine(LINE_TIMEOUT);
                        if (last.startsWith("published ")) {
                            reportedPublished.add(ModelVersion.parse(last.substring("published ".length())));
                        }
                    }
                    child.process.destroyForcibly();
                    assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).as("the publisher died").isTrue();
                    assertThat(child.process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                }
                if (last.startsWith("copying ")) {
                    killedMidCopy++;
                } else {
                    killedOtherwise++;
                }
                long t0 = System.nanoTime();
                assertConsistent(registry, reportedPublished, "after kill " + (kill + 1) + " (last line '" + last + "')");
                verifyNanos += System.nanoTime() - t0;
            }
        } finally {
            if (next != null) {
                next.close();
            }
        }
        System.out.printf("KilledPublisher: %d kills (%d mid-copy), %d versions listed, %d staging leftovers,"
                + " %.1f s in all, %.1f s verifying%n", KILLS, killedMidCopy, registry.versions().size(), staging(root).size(),
                (System.nanoTime() - started) / 1e9, verifyNanos / 1e9);
        assertThat(killedMidCopy + killedOtherwise).isEqualTo(KILLS);
        assertThat(killedMidCopy).as("kills that landed while files were being copied").isGreaterThanOrEqualTo(5);
        assertThat(reportedPublished).as("exports that completed between kills").hasSizeGreaterThanOrEqualTo(3);

        // Leftover staging directories are invisible, and removable.
        registry.removeAbandonedStaging(Duration.ZERO);
        assertThat(staging(root)).isEmpty();
        // Left: versions, latest.txt, the lock file, and at most a temporary latest.txt from a kill
        // between its write and its rename (never read: latest.txt is replaced by rename only).
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> ModelVersion.isValid(n)
                    || n.equals("latest.txt") || n.equals(".lock") || n.startsWith("latest.txt.tmp-"));
        }
        assertConsistent(registry, reportedPublished, "at the end");
    }

    private ChildJvm startPublisher(Path root, Path stderr) throws IOException {
        return ChildJvm.start("io.recsys.examples.reliability.LoopingPublisherMain", stderr, root.toString(),
                temp.resolve("scratch").toString(), String.valueOf(BLOBS), String.valueOf(BLOB_BYTES), "100");
    }

    private static List<Path> staging(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList();
        }
    }

    private static void assertConsistent(FileSystemModelRegistry registry, Set<ModelVersion> reported, String when)
            throws IOException {
        List<ModelVersion> versions = registry.versions();
        assertThat(versions).as(when + ": every version the publisher reported survives").containsAll(reported);
        var problems = new ArrayList<String>();
        for (ModelVersion v : versions) {
            RegisteredVersion rv = registry.get(v);
            ArtifactDigest d = ArtifactDigest.of(rv.artifactDir());
            if (!d.sha256().equals(rv.metadata().artifactSha()) || d.size() != rv.metadata().artifactSize()) {
                problems.add(v + ": artifact_sha/size mismatch");
            }
            assertThat(Files.exists(rv.versionDir().resolve(ManifestVerification.VERSION_MANIFEST)))
                    .as(when + ": " + v + " has its manifest").isTrue();
            ManifestVerification mv = ManifestVerification.verify(rv);
            if (!mv.ok()) {
                problems.add(v + ": " + mv.problems());
            }
        }
        assertThat(problems).as(when).isEmpty();
        Path latest = registry.root().resolve("latest.txt");
        if (Files.exists(latest)) {
            String text = Files.readString(latest, StandardCharsets.UTF_8).trim();
            assertThat(ModelVersion.isValid(text)).as(when + ": latest.txt holds '" + text + "'").isTrue();
            assertThat(versions).as(when + ": latest.txt names a listed version").contains(ModelVersion.parse(text));
            assertThat(registry.latest()).hasValue(ModelVersion.parse(text));
        } else {
            assertThat(versions).as(when + ": no latest.txt only while nothing is published").isEmpty();
        }
    }
}
