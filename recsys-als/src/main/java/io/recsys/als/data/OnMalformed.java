package io.recsys.als.data;

/** What a reader does with a line it cannot parse. */
public enum OnMalformed {
    /** Throw {@link MalformedDataException} naming the file and line (the default). */
    FAIL,
    /** Skip the line and count it in {@link ReadResult#skippedLines()}. */
    SKIP
}
