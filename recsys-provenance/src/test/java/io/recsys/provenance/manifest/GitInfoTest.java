package io.recsys.provenance.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitInfoTest {

    @TempDir
    Path temp;

    /** Stops git from finding a repository above the temp directory. */
    private Map<String, String> isolated() {
        return Map.of("GIT_CEILING_DIRECTORIES", temp.toAbsolutePath().toString());
    }

    @Test
    void detect_outsideARepository_isUnknownNotAnError() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("plain"));
        GitInfo git = GitInfo.detect(dir, Duration.ofSeconds(10), isolated());
        assertThat(git).isEqualTo(GitInfo.UNKNOWN);
        assertThat(TrainingManifest.Pipeline.of(git).gitDirty()).isEqualTo("unknown");
    }

    @Test
    void detect_inMissingDirectory_isUnknown() {
        assertThat(GitInfo.detect(temp.resolve("does-not-exist"))).isEqualTo(GitInfo.UNKNOWN);
    }

    @Test
    void detect_inARepository_readsCommitBranchAndDirtiness() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        assumeTrue(git(repo, "init", "-q", "-b", "trunk"), "git binary available");
        Files.writeString(repo.resolve("a.txt"), "a");
        assertThat(git(repo, "add", "a.txt")).isTrue();
        assertThat(git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "one")).isTrue();

        GitInfo clean = GitInfo.detect(repo, Duration.ofSeconds(10), isolated());
        assertThat(clean.commit()).matches("[0-9a-f]{40}");
        assertThat(clean.branch()).isEqualTo("trunk");
        assertThat(clean.dirty()).isEqualTo("0");
        assertThat(clean.shortCommit()).isEqualTo(clean.commit().substring(0, 7));

        Files.writeString(repo.resolve("a.txt"), "changed");
        assertThat(GitInfo.detect(repo, Duration.ofSeconds(10), isolated()).dirty()).isEqualTo("1");
    }

    private boolean git(Path dir, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
