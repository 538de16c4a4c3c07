package io.recsys.examples.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** File-system durability helpers for the server's own state files. */
final class StateFiles {
    private StateFiles() {
    }

    /**
     * Forces a directory's entries (a rename into it) to disk. File systems that cannot open a
     * directory for this (Windows) are skipped: there a rename is as durable as it gets.
     */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // not supported for directories on this platform
        }
    }

    /**
     * Replaces {@code file} with {@code bytes} durably: written to a new temporary file beside it
     * (named {@code tmpPrefix} + a random suffix), forced to disk, renamed over {@code file}
     * atomically, and the directory forced. A reader sees the old or the new content, never a mix,
     * and the new content survives a crash once this returns. The temporary file is removed on failure.
     */
    static void replaceDurably(Path file, String tmpPrefix, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(tmpPrefix + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(file.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
