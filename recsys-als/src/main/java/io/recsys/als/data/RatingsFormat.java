package io.recsys.als.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How to read a delimited interaction file: the delimiter, whether a header line comes first,
 * and which 0-based columns hold the user, item, rating and timestamp.
 *
 * @param delimiter the field separator, e.g. {@code "\t"}, {@code "::"} or {@code ","}
 * @param header whether the first line is a header (skipped)
 * @param userColumn column of the user id
 * @param itemColumn column of the item id
 * @param ratingColumn column of the rating, or -1 (every row then counts 1)
 * @param timestampColumn column of the timestamp, or -1 (no timestamps)
 * @param expectedColumns exact number of columns per line, or 0 to accept any number of at least
 *     the largest used column + 1
 */
public record RatingsFormat(String delimiter, boolean header, int userColumn, int itemColumn, int ratingColumn,
                            int timestampColumn, int expectedColumns) {

    /** MovieLens 100K {@code u.data}: tab-separated {@code user item rating timestamp}, no header. */
    public static final RatingsFormat MOVIELENS_100K = new RatingsFormat("\t", false, 0, 1, 2, 3, 4);
    /** MovieLens 1M/10M {@code ratings.dat}: {@code user::item::rating::timestamp}, no header. */
    public static final RatingsFormat MOVIELENS_DAT = new RatingsFormat("::", false, 0, 1, 2, 3, 4);
    /** MovieLens latest {@code ratings.csv}: header {@code userId,movieId,rating,timestamp}. */
    public static final RatingsFormat MOVIELENS_CSV = new RatingsFormat(",", true, 0, 1, 2, 3, 4);

    /** Validates the columns. */
    public RatingsFormat {
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (userColumn < 0 || itemColumn < 0 || userColumn == itemColumn) {
            throw new IllegalArgumentException("user and item columns must be distinct and >= 0");
        }
        if (ratingColumn < -1 || timestampColumn < -1 || expectedColumns < 0) {
            throw new IllegalArgumentException("rating/timestamp columns must be >= -1, expectedColumns >= 0");
        }
        if (expectedColumns > 0 && expectedColumns < minimumColumns(userColumn, itemColumn, ratingColumn, timestampColumn)) {
            throw new IllegalArgumentException("expectedColumns " + expectedColumns + " is smaller than the columns used");
        }
    }

    /**
     * A generic delimited format.
     *
     * @param delimiter the field separator
     * @param header whether the first line is a header
     * @param userColumn column of the user id
     * @param itemColumn column of the item id
     * @param ratingColumn column of the rating, or -1
     * @param timestampColumn column of the timestamp, or -1
     * @return the format (any number of columns of at least the largest used + 1)
     */
    public static RatingsFormat csv(String delimiter, boolean header, int userColumn, int itemColumn,
                                    int ratingColumn, int timestampColumn) {
        return new RatingsFormat(delimiter, header, userColumn, itemColumn, ratingColumn, timestampColumn, 0);
    }

    /** @return the smallest number of columns a line must have */
    public int minimumColumns() {
        return expectedColumns > 0 ? expectedColumns : minimumColumns(userColumn, itemColumn, ratingColumn, timestampColumn);
    }

    /**
     * Guesses the format from the file's first line: {@code ::} means {@code ratings.dat}, a tab
     * means {@code u.data}, a comma with a header line means {@code ratings.csv} when the header
     * is MovieLens's, otherwise a generic CSV whose columns are found by header name ({@code user*},
     * {@code item*}/{@code movie*}, {@code rating*}/{@code score}, {@code timestamp}/{@code time*}),
     * and a comma without header means {@code user,item[,rating[,timestamp]]}.
     *
     * @param file the file
     * @return the detected format
     * @throws IOException when the file cannot be read
     * @throws MalformedDataException when the file is empty or its first line fits no format
     */
    public static RatingsFormat detect(Path file) throws IOException {
        String first;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        if (first == null || first.isBlank()) {
            throw new MalformedDataException(file, 1, "empty file, cannot detect the format");
        }
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        if (first.contains("::")) {
            return MOVIELENS_DAT;
        }
        if (first.indexOf('\t') >= 0) {
            return MOVIELENS_100K;
        }
        if (first.indexOf(',') >= 0) {
            List<String> cells = Arrays.stream(first.split(",", -1)).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            boolean header = cells.stream().anyMatch(c -> !c.isEmpty() && !isNumber(c));
            if (!header) {
                int n = cells.size();
                return csv(",", false, 0, 1, n > 2 ? 2 : -1, n > 3 ? 3 : -1);
            }
            if (cells.equals(List.of("userid", "movieid", "rating", "timestamp"))) {
                return MOVIELENS_CSV;
            }
            int user = find(cells, "user");
            int item = find(cells, "item", "movie", "product");
            int rating = find(cells, "rating", "score", "value");
            int time = find(cells, "timestamp", "time", "date");
            if (user < 0 || item < 0) {
                throw new MalformedDataException(file, 1, "header has no user and item columns: " + first);
            }
            return csv(",", true, user, item, rating, time);
        }
        throw new MalformedDataException(file, 1, "unknown format (expected '::', tab or comma separated fields)");
    }

    private static int find(List<String> cells, String... prefixes) {
        for (String p : prefixes) {
            for (int i = 0; i < cells.size(); i++) {
                if (cells.get(i).startsWith(p)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int minimumColumns(int... columns) {
        int max = 0;
        for (int c : columns) {
            max = Math.max(max, c);
        }
        return max + 1;
    }
}
