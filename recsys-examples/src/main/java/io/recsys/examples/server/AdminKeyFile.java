package io.recsys.examples.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The admin key a server makes for itself when none is configured, so that admin routes are never
 * open by default. The key is 32 random bytes (URL-safe Base64) in {@code admin.key} inside the
 * state directory ({@code RECSYS_STATE_DIR}, else the registry directory), created with mode 0600
 * and fsynced, and reused on every later start. A key file that group or others may read is
 * refused: the key may already be known.
 */
public final class AdminKeyFile {
    /** The file name. */
    public static final String FILE = "admin.key";
    /** Environment variable naming the directory of the key file (default: the registry directory). */
    public static final String STATE_DIR_VARIABLE = "RECSYS_STATE_DIR";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminKeyFile() {
    }

    /**
     * @param registry the registry directory
     * @param env environment variables ({@code RECSYS_STATE_DIR})
     * @return where the server keeps its generated admin key
     */
    public static Path location(Path registry, Map<String, String> env) {
        String dir = env.get(STATE_DIR_VARIABLE);
        return (dir == null || dir.isBlank() ? registry : Path.of(dir)).resolve(FILE);
    }

    /**
     * Reads the key in {@code file}, creating it with a new random key first when it does not exist.
     *
     * @param file the key file
     * @return the key
     * @throws IOException when the file cannot be read or written, is empty, or is readable by others
     */
    static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IOException("Admin key file " + file + " is readable by other users ("
                        + PosixFilePermissions.toString(perms) + "); remove it to make a new key, or chmod 600 it");
            }
        }
        String key = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (key.length() < 16) {
            throw new IOException("Admin key file " + file + " holds no key of at least 16 characters; remove it to make a new one");
        }
        return key;
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] key = (Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path tmp = dir.resolve(FILE + ".tmp-" + UUID.randomUUID());
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        try {
            // Created owner-only from the start: no moment at which another user could open it.
            try (FileChannel ch = posix
                    ? FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(key));
                ch.force(true);
            }
            try {
                // A link never replaces: of two servers starting at the same moment, the first key wins.
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                return;
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            StateFiles.fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
