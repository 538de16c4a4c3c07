package io.recsys.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads ratings into Spark as the in-process reader does: MovieLens {@code u.data} (tab),
 * {@code ratings.dat} ({@code ::}), {@code ratings.csv} (header), any delimited file
 * ({@code csv:DELIM:HEADER:USER:ITEM:RATING:TS}, columns by index, -1 for none) and Parquet
 * (columns found by name). The result has the columns {@code user} and {@code item} (int, the
 * ids themselves: Spark ALS needs them in the int range), {@code rating} (float, 1 without a
 * rating column) and {@code ts} (long, 0 without a timestamp column). A (user, item) pair that
 * occurs more than once keeps its latest row (on equal timestamps the one read last), as the
 * in-process reader merges duplicates.
 */
public final class RatingsInput {
    /** Column names of the parsed ratings. */
    public static final String USER = "user";
    /** Item id column. */
    public static final String ITEM = "item";
    /** Rating column. */
    public static final String RATING = "rating";
    /** Timestamp column. */
    public static final String TS = "ts";

    private RatingsInput() {
    }

    /**
     * What was read.
     *
     * @param ratings the de-duplicated ratings, cached (unpersist when done)
     * @param rowsRead rows in the input, malformed ones included
     * @param malformed rows dropped as malformed
     * @param duplicatesMerged rows dropped because a later one has the same (user, item)
     */
    public record Read(Dataset<Row> ratings, long rowsRead, long malformed, long duplicatesMerged) {
    }

    /**
     * @param spark the session
     * @param path the file or (Parquet) directory, any Hadoop file system URI
     * @param format {@code auto}, {@code udata}, {@code dat}, {@code csv}, {@code parquet} or
     *     {@code csv:DELIM:HEADER:USER:ITEM:RATING:TS}
     * @param skipMalformed count and drop malformed rows instead of failing
     * @return the de-duplicated ratings, cached
     * @throws IllegalArgumentException for an unknown format, a malformed row (unless skipped)
     *     or an id outside the int range
     */
    public static Read read(SparkSession spark, String path, String format, boolean skipMalformed) {
        Format f = Format.parse(format, path, spark);
        Dataset<Row> raw = f.load(spark, path);
        Column idOk = col(USER).isNotNull().and(col(ITEM).isNotNull()).and(col(RATING).isNotNull()).and(col(TS).isNotNull())
                .and(col(USER).between(0, Integer.MAX_VALUE)).and(col(ITEM).between(0, Integer.MAX_VALUE))
                .and(col(RATING).isNaN().unary_$bang());
        Dataset<Row> parsed = raw.withColumn("_ok", coalesce(idOk, lit(false))).withColumn("_order", monotonically_increasing_id()).cache();
        long rows = parsed.count();
        long malformed = parsed.filter(col("_ok").unary_$bang()).count();
        if (malformed > 0 && !skipMalformed) {
            parsed.unpersist();
            throw new IllegalArgumentException(path + ": " + malformed + " of " + rows + " rows are malformed "
                    + "(non-numeric fields, or ids outside 0.." + Integer.MAX_VALUE
                    + "); fix them or skip them with --skip-malformed");
        }
        if (rows - malformed == 0) {
            parsed.unpersist();
            throw new IllegalArgumentException(path + ": no ratings");
        }
        Dataset<Row> ok = parsed.filter(col("_ok"));
        var latest = Window.partitionBy(USER, ITEM).orderBy(desc(TS), desc("_order"));
        Dataset<Row> deduped = ok.withColumn("_rn", row_number().over(latest)).filter(col("_rn").equalTo(1))
                .select(col(USER).cast(DataTypes.IntegerType).as(USER), col(ITEM).cast(DataTypes.IntegerType).as(ITEM),
                        col(RATING).cast(DataTypes.FloatType).as(RATING), col(TS))
                .cache();
        long kept = deduped.count();
        parsed.unpersist();
        return new Read(deduped, rows, malformed, rows - malformed - kept);
    }

    /** A parsed {@code --format}. */
    record Format(String kind, String delimiter, boolean header, int user, int item, int rating, int ts) {

        static Format parse(String spec, String path, SparkSession spark) {
            String f = spec == null ? "auto" : spec.toLowerCase(Locale.ROOT);
            return switch (f) {
                case "auto" -> detect(path, spark);
                case "udata", "u.data", "tab" -> delimited("\t", false, 0, 1, 2, 3);
                case "dat", "ratings.dat" -> delimited("::", false, 0, 1, 2, 3);
                case "csv", "ratings.csv" -> delimited(",", true, 0, 1, 2, 3);
                case "parquet" -> new Format("parquet", null, false, -1, -1, -1, -1);
                default -> generic(spec);
            };
        }

        static Format delimited(String delimiter, boolean header, int user, int item, int rating, int ts) {
            if (user < 0 || item < 0) {
                throw new IllegalArgumentException("the user and item columns must be given (>= 0)");
            }
            return new Format("delimited", delimiter, header, user, item, rating, ts);
        }

        static Format generic(String spec) {
            String[] p = spec.split(":", -1);
            if (p.length != 7 || !p[0].equalsIgnoreCase("csv")) {
                throw new IllegalArgumentException("Unknown --format '" + spec
                        + "'; use auto, udata, dat, csv, parquet or csv:DELIM:HEADER:USER:ITEM:RATING:TS");
            }
            String delim = p[1].equals("\\t") || p[1].equalsIgnoreCase("tab") ? "\t" : p[1];
            try {
                return delimited(delim, Boolean.parseBoolean(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4]),
                        Integer.parseInt(p[5]), Integer.parseInt(p[6]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--format '" + spec + "': column indexes must be integers", e);
            }
        }

        /** As the in-process reader: Parquet by extension, else by the first line's separators. */
        static Format detect(String path, SparkSession spark) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".parquet") || lower.endsWith(".parq")) {
                return parse("parquet", path, spark);
            }
            List<String> head = spark.read().textFile(path).limit(1).collectAsList();
            String first = head.isEmpty() ? "" : head.get(0).replace("\uFEFF", "");
            if (first.isBlank()) {
                throw new IllegalArgumentException(path + ": empty, cannot detect the format");
            }
            if (first.contains("::")) {
                return parse("dat", path, spark);
            }
            if (first.indexOf('\t') >= 0) {
                return parse("udata", path, spark);
            }
            if (first.indexOf(',') >= 0) {
                List<String> cells = Arrays.stream(first.split(",", -1)).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
                boolean header = cells.stream().anyMatch(c -> !c.isEmpty() && !c.matches("[-+0-9.eE]+"));
                int n = cells.size();
                if (!header) {
                    return delimited(",", false, 0, 1, n > 2 ? 2 : -1, n > 3 ? 3 : -1);
                }
                int user = find(cells, "user");
                int item = find(cells, "item", "movie", "product");
                if (user < 0 || item < 0) {
                    throw new IllegalArgumentException(path + ": header has no user and item columns");
                }
                return delimited(",", true, user, item, find(cells, "rating", "score", "value"),
                        find(cells, "timestamp", "time", "date"));
            }
            throw new IllegalArgumentException(path + ": unknown format (expected '::', tab or comma separated fields)");
        }

        private static int find(List<String> names, String... keys) {
            for (String k : keys) {
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).contains(k)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        Dataset<Row> load(SparkSession spark, String path) {
            if (kind.equals("parquet")) {
                Dataset<Row> p = spark.read().parquet(path);
                List<String> names = Arrays.stream(p.columns()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
                int u = find(names, "user");
                int i = find(names, "item", "movie", "product");
                if (u < 0 || i < 0) {
                    throw new IllegalArgumentException(path + ": Parquet schema has no user and item columns");
                }
                return select(p, u, i, find(names, "rating", "score", "value"), find(names, "timestamp", "time"));
            }
            Dataset<Row> text = spark.read().option("sep", delimiter).option("header", header).option("mode", "PERMISSIVE")
                    .option("ignoreLeadingWhiteSpace", true).option("ignoreTrailingWhiteSpace", true).csv(path);
            int needed = Math.max(Math.max(user, item), Math.max(rating, ts));
            if (text.columns().length <= needed) {
                throw new IllegalArgumentException(path + ": " + text.columns().length + " columns, but column " + needed
                        + " is needed");
            }
            return select(text, user, item, rating, ts);
        }

        private static Dataset<Row> select(Dataset<Row> in, int user, int item, int rating, int ts) {
            String[] c = in.columns();
            return in.select(
                    col(c[user]).cast(DataTypes.LongType).as(USER),
                    col(c[item]).cast(DataTypes.LongType).as(ITEM),
                    (rating < 0 ? lit(1.0) : col(c[rating]).cast(DataTypes.DoubleType)).as(RATING),
                    (ts < 0 ? lit(0L) : col(c[ts]).cast(DataTypes.LongType)).as(TS));
        }
    }
}
