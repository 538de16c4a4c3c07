package io.recsys.als.data;

import java.util.List;
import java.util.Objects;

/**
 * What reading an interaction file produced.
 *
 * @param interactions the interactions (duplicates merged, latest kept)
 * @param linesRead data lines read (header and blank lines not counted)
 * @param skippedLines malformed lines skipped (always 0 unless skipping was asked for)
 * @param skippedExamples up to 10 messages describing skipped lines, for the log
 */
public record ReadResult(Interactions interactions, long linesRead, long skippedLines, List<String> skippedExamples) {

    /** Copies the examples. */
    public ReadResult {
        Objects.requireNonNull(interactions, "interactions");
        skippedExamples = List.copyOf(skippedExamples);
    }
}
