package io.recsys.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The registry's {@code artifact_sha}: a SHA-256 over a directory tree that changes when any
 * file's name or content changes.
 *
 * <p>Definition: for every regular file in the tree, in ascending order of its relative path
 * (with {@code /} separators), feed the UTF-8 path, a NUL byte, the file's length as 8 big-endian
 * bytes, and the file's bytes. The hash is the lower-case hex of the result.
 *
 * @param sha256 lower-case hex SHA-256
 * @param size total bytes of the files
 */
public record ArtifactDigest(String sha256, long size) {

    /**
     * @param dir the directory
     * @return its digest and total size
     * @throws IOException when a file cannot be read
     */
    public static ArtifactDigest of(Path dir) throws IOException {
        MessageDigest md = newSha256();
        long total = 0;
        byte[] buf = new byte[1 << 16];
        for (Path file : files(dir)) {
            String rel = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            md.update(rel.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            long size = Files.size(file);
            for (int i = 7; i >= 0; i--) {
                md.update((byte) (size >>> (8 * i)));
            }
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    total += n;
                }
            }
        }
        return new ArtifactDigest(HexFormat.of().formatHex(md.digest()), total);
    }

    /**
     * Recomputes a registered version's digest and compares it with its {@code meta.json}.
     *
     * @param version a registered version
     * @return one message per mismatch ({@code artifact_sha}, {@code artifact_size}, unreadable
     *     files); empty only when the files match a recorded {@code artifact_sha}
     */
    public static List<String> check(io.recsys.core.RegisteredVersion version) {
        var meta = version.metadata();
        if (meta.artifactSha().isBlank()) {
            // fail closed: a version whose hash was removed cannot be told from a tampered one
            return List.of("meta.json has no artifact_sha: the version's files cannot be verified");
        }
        var problems = new java.util.ArrayList<String>();
        try {
            ArtifactDigest d = of(version.artifactDir());
            if (!d.sha256().equals(meta.artifactSha())) {
                problems.add("artifact_sha mismatch for " + version.version()
                        + " (expected " + meta.artifactSha() + ", found " + d.sha256() + ")");
            }
            if (d.size() != meta.artifactSize()) {
                problems.add("artifact_size mismatch (expected " + meta.artifactSize() + " bytes, found " + d.size() + ")");
            }
        } catch (IOException e) {
            problems.add("cannot read the artifact files: " + e.getClass().getSimpleName());
        }
        return problems;
    }

    /**
     * @param file a file
     * @return the lower-case hex SHA-256 of its content
     * @throws IOException when it cannot be read
     */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param dir a directory
     * @return its regular files, recursively, sorted by relative path
     * @throws IOException when it cannot be listed
     */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .sorted((a, b) -> dir.relativize(a).toString().replace('\\', '/')
                            .compareTo(dir.relativize(b).toString().replace('\\', '/')))
                    .toList();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
