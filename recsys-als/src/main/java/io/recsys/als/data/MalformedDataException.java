package io.recsys.als.data;

import io.recsys.core.RecsysException;
import java.nio.file.Path;

/**
 * A line of an interaction file could not be parsed. The message names the file and the 1-based
 * line number, e.g. {@code ratings.csv line 17: expected 4 columns, found 2}.
 */
public final class MalformedDataException extends RecsysException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file the file being read
     * @param line the 1-based line number
     * @param problem what was wrong with the line
     */
    public MalformedDataException(Path file, long line, String problem) {
        super(fileName(file) + " line " + line + ": " + problem
                + " (fix the line, or read with OnMalformed.SKIP to skip and count such lines)");
        this.file = file;
        this.line = line;
    }

    /** @return the file being read */
    public Path file() {
        return file;
    }

    /** @return the 1-based line number */
    public long line() {
        return line;
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
