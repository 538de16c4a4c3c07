package io.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named formats need no Spark session; {@code auto} is covered by {@code SparkAlsJobIT}. */
class RatingsFormatTest {
    @Test
    void namedFormatsMapToTheMovieLensLayouts() {
        assertThat(RatingsInput.Format.parse("udata", "x", null))
                .isEqualTo(new RatingsInput.Format("delimited", "\t", false, 0, 1, 2, 3));
        assertThat(RatingsInput.Format.parse("dat", "x", null))
                .isEqualTo(new RatingsInput.Format("delimited", "::", false, 0, 1, 2, 3));
        assertThat(RatingsInput.Format.parse("CSV", "x", null))
                .isEqualTo(new RatingsInput.Format("delimited", ",", true, 0, 1, 2, 3));
        assertThat(RatingsInput.Format.parse("parquet", "x", null).kind()).isEqualTo("parquet");
    }

    @Test
    void genericDelimitedSpecification() {
        assertThat(RatingsInput.Format.parse("csv:;:true:2:0:-1:1", "x", null))
                .isEqualTo(new RatingsInput.Format("delimited", ";", true, 2, 0, -1, 1));
        assertThat(RatingsInput.Format.parse("csv:tab:false:0:1:2:3", "x", null).delimiter()).isEqualTo("\t");
        assertThatThrownBy(() -> RatingsInput.Format.parse("xml", "x", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown --format 'xml'");
        assertThatThrownBy(() -> RatingsInput.Format.parse("csv:,:true:a:1:2:3", "x", null))
                .hasMessageContaining("column indexes must be integers");
        assertThatThrownBy(() -> RatingsInput.Format.parse("csv:,:true:-1:1:2:3", "x", null))
                .hasMessageContaining("user and item columns");
    }

    @Test
    void onlyExistingLocalFilesAreHashed(@TempDir Path temp) throws Exception {
        Path f = Files.writeString(temp.resolve("r.csv"), "1,2\n");
        assertThat(SparkTraining.localFile(f.toString())).isEqualTo(f);
        assertThat(SparkTraining.localFile(f.toUri().toString())).isEqualTo(f);
        assertThat(SparkTraining.localFile(temp.toString())).isNull();
        assertThat(SparkTraining.localFile("hdfs://namenode/data/ratings.csv")).isNull();
        assertThat(SparkTraining.localFile(temp.resolve("absent.csv").toString())).isNull();
    }
}
