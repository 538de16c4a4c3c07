package io.recsys.examples.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
}
