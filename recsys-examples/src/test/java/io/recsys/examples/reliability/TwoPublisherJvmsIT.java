package io.recsys.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelVersion;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two publisher processes export into one registry at the same time: only the cross-process file
 * lock keeps them from choosing the same next version number (the in-process lock is per JVM).
 * Every export must land as its own complete version, numbered without gaps or repeats.
 */
class TwoPublisherJvmsIT {
    private static final int VERSIONS_EACH = 12;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void concurrentPublishersInTwoJvms_getDistinctCompleteVersions() throws Exception {
        Path root = temp.resolve("registry");
        var registry = new FileSystemModelRegistry(root);
        Path stderr = temp.resolve("publishers-stderr.log");
        var reported = new ArrayList<ModelVersion>();
        try (ChildJvm a = start(root, "a", stderr); ChildJvm b = start(root, "b", stderr)) {
            a.awaitLine("ready", LINE_TIMEOUT);
            b.awaitLine("ready", LINE_TIMEOUT);
            a.send("go");
            b.send("go");
            reported.addAll(publishedBy(a));
            reported.addAll(publishedBy(b));
            assertThat(a.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(b.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(a.process.exitValue()).as("publisher a exit code").isZero();
            assertThat(b.process.exitValue()).as("publisher b exit code").isZero();
        }
        assertThat(reported).as("each export reported its own version").doesNotHaveDuplicates()
                .hasSize(2 * VERSIONS_EACH);
        List<ModelVersion> listed = registry.versions();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(reported);
        for (int i = 0; i < listed.size(); i++) {
            assertThat(listed.get(i)).isEqualTo(new ModelVersion(0, i + 1));
            RegisteredVersion v = registry.get(listed.get(i));
            assertThat(ArtifactDigest.check(v)).as(v.version().toString()).isEmpty();
        }
    }

    private ChildJvm start(Path root, String name, Path stderr) throws java.io.IOException {
        return ChildJvm.start(LoopingPublisherMain.class.getName(), stderr, root.toString(),
                temp.resolve("scratch-" + name).toString(), "1", "4096", String.valueOf(VERSIONS_EACH));
    }

    private static List<ModelVersion> publishedBy(ChildJvm child) throws InterruptedException {
        var out = new ArrayList<ModelVersion>();
        while (true) {
            String line = child.nextLine(LINE_TIMEOUT);
            if (line.startsWith("published ")) {
                out.add(ModelVersion.parse(line.substring("published ".length())));
            } else if (line.equals("done")) {
                return out;
            }
        }
    }
}
