package io.recsys.als.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads interaction files: MovieLens {@code u.data}, {@code ratings.dat}, {@code ratings.csv} and
 * generic delimited files (see {@link RatingsFormat}). Fields are trimmed; blank lines are
 * ignored. A malformed line either fails the whole read with a {@link MalformedDataException}
 * naming the file and line, or, with {@link OnMalformed#SKIP}, is skipped and counted: never is a
 * bad line silently turned into data.
 */
public final class RatingsReader {

    private RatingsReader() {
    }

    /**
     * Reads a file, detecting its format, failing on the first malformed line.
     *
     * @param file the file
     * @return the interactions and counts
     * @throws IOException when the file cannot be read
     * @throws MalformedDataException when a line cannot be parsed
     */
    public static ReadResult read(Path file) throws IOException {
        return read(file, RatingsFormat.detect(file), OnMalformed.FAIL);
    }

    /**
     * Reads a file in the given format.
     *
     * @param file the file
     * @param format the format
     * @param onMalformed fail on, or skip and count, malformed lines
     * @return the interactions and counts
     * @throws IOException when the file cannot be read
     * @throws MalformedDataException when a line cannot be parsed and {@code onMalformed} is FAIL
     */
    public static ReadResult read(Path file, RatingsFormat format, OnMalformed onMalformed) throws IOException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(onMalformed, "onMalformed");
        var builder = Interactions.builder();
        String delimiter = format.delimiter();
        int minColumns = format.minimumColumns();
        int exact = format.expectedColumns();
        String[] fields = new String[Math.max(minColumns, 8)];
        long lineNo = 0;
        long read = 0;
        long skipped = 0;
        List<String> examples = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (lineNo == 1 && format.header()) {
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                read++;
                String problem;
                int found = split(line, delimiter, fields);
                if ((exact > 0 && found != exact) || found < minColumns) {
                    problem = "expected " + (exact > 0 ? exact : "at least " + minColumns) + " columns, found " + found;
                } else {
                    problem = parse(fields, format, builder);
                }
                if (problem != null) {
                    if (onMalformed == OnMalformed.FAIL) {
                        throw new MalformedDataException(file, lineNo, problem);
                    }
                    skipped++;
                    if (examples.size() < 10) {
                        examples.add(file.getFileName() + " line " + lineNo + ": " + problem);
                    }
                }
            }
        }
        return new ReadResult(builder.build(), read, skipped, examples);
    }

    /** Splits into {@code out} (only the first out.length fields kept) and returns the field count. */
    private static int split(String line, String delimiter, String[] out) {
        int count = 0;
        int from = 0;
        while (true) {
            int at = line.indexOf(delimiter, from);
            String field = at < 0 ? line.substring(from) : line.substring(from, at);
            if (count < out.length) {
                out[count] = field;
            }
            count++;
            if (at < 0) {
                return count;
            }
            from = at + delimiter.length();
        }
    }

    /** Adds the row to the builder, or returns what is wrong with it. */
    private static String parse(String[] fields, RatingsFormat format, Interactions.Builder builder) {
        long user;
        long item;
        float rating = 1f;
        long timestamp = 0;
        try {
            user = Long.parseLong(fields[format.userColumn()].trim());
        } catch (NumberFormatException e) {
            return "user id '" + fields[format.userColumn()].trim() + "' is not an integer";
        }
        try {
            item = Long.parseLong(fields[format.itemColumn()].trim());
        } catch (NumberFormatException e) {
            return "item id '" + fields[format.itemColumn()].trim() + "' is not an integer";
        }
        if (format.ratingColumn() >= 0) {
            String text = fields[format.ratingColumn()].trim();
            try {
                rating = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                return "rating '" + text + "' is not a number";
            }
            if (!Float.isFinite(rating)) {
                return "rating '" + text + "' is not finite";
            }
        }
        if (format.timestampColumn() >= 0) {
            String text = fields[format.timestampColumn()].trim();
            try {
                timestamp = Long.parseLong(text);
            } catch (NumberFormatException e) {
                return "timestamp '" + text + "' is not an integer";
            }
            builder.add(user, item, rating, timestamp);
        } else {
            builder.add(user, item, rating);
        }
        return null;
    }
}
