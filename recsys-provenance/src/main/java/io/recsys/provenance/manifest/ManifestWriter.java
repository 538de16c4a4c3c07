package io.recsys.provenance.manifest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes manifests in the seed's layout:
 * <pre>
 * &lt;dir&gt;/manifests/&lt;model_version&gt;.json   one immutable manifest per build
 * &lt;dir&gt;/model_manifest.json               pointer: a copy of the latest manifest
 * </pre>
 * where {@code <dir>} is the artifact directory or a separate manifest directory
 * ({@code --manifest_dir}). Each file is written to a temporary file, forced to disk and renamed
 * into place, so a reader never sees half a manifest.
 */
public final class ManifestWriter {

    /** Sub-directory holding one manifest per model version. */
    public static final String MANIFESTS_DIR = "manifests";

    /** The pointer file that mirrors the most recent manifest. */
    public static final String POINTER_FILE = "model_manifest.json";

    private ManifestWriter() {
    }

    /**
     * Where a manifest was written.
     *
     * @param manifest {@code manifests/<model_version>.json}
     * @param pointer {@code model_manifest.json}
     */
    public record Written(Path manifest, Path pointer) {
    }

    /**
     * Writes a sealed manifest and updates the pointer.
     *
     * @param manifest a sealed manifest ({@link TrainingManifest#isSealed()})
     * @param dir the artifact directory or a separate manifest directory
     * @return the two files
     * @throws IllegalArgumentException when the manifest is not sealed, or its model version is
     *     not a safe file name
     * @throws IOException when writing fails, or {@code manifests/<model_version>.json} already
     *     exists with different content (manifests are immutable; choose a new model version)
     */
    public static Written write(TrainingManifest manifest, Path dir) throws IOException {
        if (!manifest.isSealed()) {
            throw new IllegalArgumentException("Manifest " + manifest.modelVersion()
                    + " is not sealed: manifest_sha256 is missing or does not match; call sealed() first");
        }
        if (!Manifests.isSafeFileName(manifest.modelVersion())) {
            throw new IllegalArgumentException("Model version '" + manifest.modelVersion()
                    + "' cannot be used as a file name");
        }
        byte[] bytes = (manifest.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        Path manifests = Files.createDirectories(dir.resolve(MANIFESTS_DIR));
        Path file = manifests.resolve(manifest.modelVersion() + ".json");
        if (Files.exists(file)) {
            if (!Arrays.equals(Files.readAllBytes(file), bytes)) {
                throw new IOException(file + " already exists with different content; manifests are immutable,"
                        + " give this build a new model version");
            }
        } else {
            replaceAtomically(file, bytes);
        }
        Path pointer = dir.resolve(POINTER_FILE);
        replaceAtomically(pointer, bytes);
        return new Written(file, pointer);
    }

    private static void replaceAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
