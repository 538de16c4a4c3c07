package io.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.ModelVersion;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.factors.FactorArtifacts;
import io.recsys.core.npy.Npy;
import io.recsys.core.npy.NpyArray;
import io.recsys.core.registry.ArtifactDigest;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.manifest.ManifestVerification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's parts on a real Spark {@code local[2]} session and real files. */
class SparkAlsJobIT {
    private static SparkSession spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("recsys-spark-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** (user, item, rating, ts); user 1 rated item 2 twice, the later one (ts 9, rating 5) counts. */
    private static final long[][] ROWS = {{1, 2, 3, 5}, {1, 3, 4, 6}, {2, 2, 1, 7}, {1, 2, 5, 9}, {3, 4, 2, 8}};

    private static List<String> expected() {
        return List.of("1,2,5.0,9", "1,3,4.0,6", "2,2,1.0,7", "3,4,2.0,8");
    }

    private List<String> readAll(String path, String format) {
        RatingsInput.Read read = RatingsInput.read(spark, path, format, false);
        assertThat(read.rowsRead()).isEqualTo(5);
        assertThat(read.duplicatesMerged()).isEqualTo(1);
        var out = new ArrayList<String>();
        for (Row r : read.ratings().orderBy("user", "item").collectAsList()) {
            out.add(r.getInt(0) + "," + r.getInt(1) + "," + r.getFloat(2) + "," + r.getLong(3));
        }
        read.ratings().unpersist();
        return out;
    }

    private Path write(String name, String header, String separator) throws Exception {
        var sb = new StringBuilder(header);
        for (long[] r : ROWS) {
            sb.append(r[0]).append(separator).append(r[1]).append(separator).append(r[2]).append(separator).append(r[3])
                    .append('\n');
        }
        return Files.writeString(temp.resolve(name), sb.toString());
    }

    @Test
    void everyInputFormatReadsTheSameRatingsWithDuplicatesMerged() throws Exception {
        assertThat(readAll(write("u.data", "", "\t").toString(), "auto")).isEqualTo(expected());
        assertThat(readAll(write("ratings.dat", "", "::").toString(), "auto")).isEqualTo(expected());
        assertThat(readAll(write("ratings.csv", "userId,movieId,rating,timestamp\n", ",").toString(), "auto"))
                .isEqualTo(expected());
        // any delimited file, columns named by index: here ts;rating;item;user
        var sb = new StringBuilder("when;score;what;who\n");
        for (long[] r : ROWS) {
            sb.append(r[3]).append(';').append(r[2]).append(';').append(r[1]).append(';').append(r[0]).append('\n');
        }
        Path generic = Files.writeString(temp.resolve("any.txt"), sb.toString());
        assertThat(readAll(generic.toString(), "csv:;:true:3:2:1:0")).isEqualTo(expected());

        var rows = new ArrayList<Row>();
        for (long[] r : ROWS) {
            rows.add(RowFactory.create(r[0], r[1], (double) r[2], r[3]));
        }
        StructType schema = new StructType().add("user_id", DataTypes.LongType).add("movie_id", DataTypes.LongType)
                .add("rating", DataTypes.DoubleType).add("timestamp", DataTypes.LongType);
        Path parquet = temp.resolve("ratings.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
        assertThat(readAll(parquet.toString(), "auto")).isEqualTo(expected());
    }

    @Test
    void malformedRowsFailUnlessSkipped() throws Exception {
        Path bad = Files.writeString(temp.resolve("u.data"), "1\t2\t3\t4\n1\tx\t3\t4\n-5\t2\t3\t4\n2\t3\t4\t5\n");
        assertThatThrownBy(() -> RatingsInput.read(spark, bad.toString(), "udata", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 of 4 rows are malformed")
                .hasMessageContaining("--skip-malformed");
        RatingsInput.Read read = RatingsInput.read(spark, bad.toString(), "udata", true);
        assertThat(read.malformed()).isEqualTo(2);
        assertThat(read.ratings().count()).isEqualTo(2);
        read.ratings().unpersist();
        Path empty = Files.writeString(temp.resolve("empty.csv"), "");
        assertThatThrownBy(() -> RatingsInput.read(spark, empty.toString(), "auto", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void trainsWritesTheSharedLayoutAndPublishesAVersionThatVerifies() throws Exception {
        // Two taste clusters: users 0..39 like items 0..19, users 40..79 items 20..39.
        Random random = new Random(1);
        var sb = new StringBuilder("userId,movieId,rating,timestamp\n");
        var users = new TreeSet<Long>();
        long interactions = 0;
        for (int u = 0; u < 80; u++) {
            int base = u < 40 ? 0 : 20;
            var picked = new TreeSet<Integer>();
            while (picked.size() < 8) {
                picked.add(base + random.nextInt(20));
            }
            // Random times: which item is held out must not depend on the item id.
            for (int i : picked) {
                sb.append(100 + u).append(',').append(500 + i).append(",4,").append(1000 + random.nextInt(1_000_000))
                        .append('\n');
                interactions++;
            }
            users.add(100L + u);
        }
        Path ratings = Files.writeString(temp.resolve("ratings.csv"), sb.toString());
        Path out = temp.resolve("out");
        var spec = SparkTraining.Spec.builder(ratings.toString(), out)
                .parameters(new SparkAlsParameters(4, 5, 0.1, 3.0, true, 7L))
                .evaluate(true, 5)
                .modelVersion("als-spark-test")
                .dataVersion("snap-1")
                .build();
        var log = new ByteArrayOutputStream();
        SparkTraining.Result result = SparkTraining.run(spark, spec, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("evaluation (leave-last-out, Spark): HR@5")
                .contains("trained als-spark-test on Spark");

        NpyArray uf = Npy.map(out.resolve(FactorArtifacts.USER_FACTORS));
        assertThat(uf.shape()).containsExactly(80, 4);
        assertThat(Npy.map(out.resolve(FactorArtifacts.ITEM_FACTORS)).shape()).containsExactly(40, 4);
        long[] userIds = Npy.map(out.resolve(FactorArtifacts.USER_IDS)).toLongArray();
        assertThat(userIds).containsExactly(users.stream().mapToLong(Long::longValue).toArray());
        assertThat(Npy.map(out.resolve(FactorArtifacts.SEEN_INDICES)).rows()).isEqualTo(interactions);
        long[] popularity = Npy.map(out.resolve(FactorArtifacts.ITEM_POPULARITY)).toLongArray();
        assertThat(java.util.Arrays.stream(popularity).sum()).isEqualTo(interactions);

        ObjectMapper json = new ObjectMapper();
        JsonNode meta = json.readTree(out.resolve(FactorArtifacts.META).toFile());
        assertThat(meta.get("type").asText()).isEqualTo("als");
        assertThat(meta.get("engine").asText()).isEqualTo("spark");
        assertThat(meta.get("interactions").asLong()).isEqualTo(interactions);
        // Clustered data: the held-out item is one of the 13 unseen items of the user's cluster; chance
        // over the 33 unseen items would be 5/33 = 0.15.
        assertThat(result.metrics().get("hr")).isInstanceOfSatisfying(Double.class, hr -> assertThat(hr).isGreaterThan(0.25));
        assertThat(result.metrics()).containsEntry("test_users", 80L);

        RegisteredVersion v = SparkTraining.publish(new FileSystemModelRegistry(temp.resolve("registry")), result, true);
        assertThat(v.version()).isEqualTo(ModelVersion.parse("v0.1"));
        assertThat(v.info().modelName()).isEqualTo("als");
        assertThat(ArtifactDigest.check(v)).isEmpty();
        ManifestVerification verification = ManifestVerification.verify(v);
        assertThat(verification.problems()).isEmpty();
        JsonNode manifest = json.readTree(temp.resolve("registry/v0.1/manifest.json").toFile());
        assertThat(manifest.get("hyperparameters").get("engine").asText()).isEqualTo("spark");
        assertThat(manifest.get("hyperparameters").get("spark_master").asText()).isEqualTo("local[2]");
        assertThat(manifest.get("data").get("dataset_version").asText()).isEqualTo("snap-1");
        assertThat(manifest.get("data").get("row_count").asLong()).isEqualTo(interactions);
    }

    @Test
    void usageErrorsExitWithTwoBeforeAnySparkWork() {
        assertThat(SparkAlsJob.run()).isEqualTo(2);
        assertThat(SparkAlsJob.run("--ratings", "x", "--output-dir", "y", "--rank", "many")).isEqualTo(2);
    }
}
