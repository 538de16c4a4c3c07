package io.recsys.provenance.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Git facts of a working tree, read by running the {@code git} binary:
 * {@code git rev-parse HEAD}, {@code git rev-parse --abbrev-ref HEAD} and
 * {@code git status --porcelain} (non-empty output means dirty).
 *
 * <p>Never fails: without a {@code git} binary, outside a repository, on a repository without
 * commits, or when a command exceeds its timeout, the affected facts are {@code unknown}.
 *
 * @param commit full commit hash, or {@code unknown}
 * @param branch branch name ({@code HEAD} when detached), or {@code unknown}
 * @param dirty {@code "1"} when there are uncommitted changes, {@code "0"} when clean, or {@code unknown}
 */
public record GitInfo(String commit, String branch, String dirty) {

    /** The value of a fact that could not be determined. */
    public static final String UNKNOWN_VALUE = "unknown";

    /** All facts unknown. */
    public static final GitInfo UNKNOWN = new GitInfo(UNKNOWN_VALUE, UNKNOWN_VALUE, UNKNOWN_VALUE);

    /** Default time limit for each git command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Replaces absent values by {@code unknown}. */
    public GitInfo {
        commit = Objects.requireNonNullElse(commit, UNKNOWN_VALUE);
        branch = Objects.requireNonNullElse(branch, UNKNOWN_VALUE);
        dirty = Objects.requireNonNullElse(dirty, UNKNOWN_VALUE);
    }

    /**
     * @param workingDir a directory inside the working tree
     * @return its git facts, {@code unknown} where they cannot be read
     */
    public static GitInfo detect(Path workingDir) {
        return detect(workingDir, DEFAULT_TIMEOUT, Map.of());
    }

    /**
     * @param workingDir a directory inside the working tree
     * @param timeout time limit for each git command
     * @param environment extra environment variables for git (e.g. {@code GIT_CEILING_DIRECTORIES})
     * @return its git facts, {@code unknown} where they cannot be read
     */
    public static GitInfo detect(Path workingDir, Duration timeout, Map<String, String> environment) {
        Optional<String> commit = run(workingDir, timeout, environment, "rev-parse", "HEAD");
        Optional<String> branch = run(workingDir, timeout, environment, "rev-parse", "--abbrev-ref", "HEAD");
        Optional<String> status = run(workingDir, timeout, environment, "status", "--porcelain");
        return new GitInfo(commit.map(String::trim).filter(s -> !s.isEmpty()).orElse(UNKNOWN_VALUE),
                branch.map(String::trim).filter(s -> !s.isEmpty()).orElse(UNKNOWN_VALUE),
                status.map(s -> s.isBlank() ? "0" : "1").orElse(UNKNOWN_VALUE));
    }

    /** @return the first 7 characters of a hex commit, else the commit as is */
    public String shortCommit() {
        return io.recsys.core.ModelInfo.shortSha(commit);
    }

    /** Runs one git command; empty on any failure. Output goes to a file so a large status cannot block git. */
    private static Optional<String> run(Path dir, Duration timeout, Map<String, String> env, String... args) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("recsys-git-", ".out");
            var cmd = new java.util.ArrayList<String>(List.of("git"));
            cmd.addAll(List.of(args));
            var pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
