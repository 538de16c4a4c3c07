package io.recsys.als.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsReaderTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void read_movieLens100kWithTrailingSpaces() throws IOException {
        Path file = write("u.data", "196\t242\t3 \t881250949\n186\t302\t3\t891717742\n\n22\t377\t1\t878887116\n");
        ReadResult r = RatingsReader.read(file);
        assertThat(r.linesRead()).isEqualTo(3);
        assertThat(r.interactions().size()).isEqualTo(3);
        var data = r.interactions();
        int u = data.users().indexOf(196);
        assertThat(data.items().id(data.byUser().column(data.byUser().start(u)))).isEqualTo(242);
        assertThat(data.byUser().value(data.byUser().start(u))).isEqualTo(3f);
        assertThat(data.byUser().timestamp(data.byUser().start(u))).isEqualTo(881250949L);
    }

    @Test
    void read_ratingsDat() throws IOException {
        Path file = write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n");
        assertThat(RatingsFormat.detect(file)).isEqualTo(RatingsFormat.MOVIELENS_DAT);
        assertThat(RatingsReader.read(file).interactions().size()).isEqualTo(2);
    }

    @Test
    void read_ratingsCsvWithHeader() throws IOException {
        Path file = write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n");
        assertThat(RatingsFormat.detect(file)).isEqualTo(RatingsFormat.MOVIELENS_CSV);
        ReadResult r = RatingsReader.read(file);
        assertThat(r.interactions().size()).isEqualTo(2);
        assertThat(r.interactions().byUser().value(1)).isEqualTo(4.5f);
    }

    @Test
    void read_genericCsvByColumnChoice() throws IOException {
        Path file = write("events.txt", "ts;item;user\n100;A1;7\n");
        var fmt = RatingsFormat.csv(";", true, 2, 1, -1, 0);
        assertThatThrownBy(() -> RatingsReader.read(file, fmt, OnMalformed.FAIL))
                .isInstanceOf(MalformedDataException.class).hasMessage(
                        "events.txt line 2: item id 'A1' is not an integer (fix the line, or read with OnMalformed.SKIP to skip and count such lines)");
        Path ok = write("events2.txt", "ts;item;user;extra\n100;11;7;x\n200;12;7;y\n");
        var data = RatingsReader.read(ok, fmt, OnMalformed.FAIL).interactions();
        assertThat(data.users().ids()).containsExactly(7);
        assertThat(data.items().ids()).containsExactly(11, 12);
        assertThat(data.byUser().values()).containsExactly(1f, 1f);
        assertThat(data.byUser().timestamps()).containsExactly(100, 200);
    }

    @Test
    void detect_genericCsvHeaderByName() throws IOException {
        Path file = write("clicks.csv", "timestamp,user_id,item_id\n5,1,2\n");
        RatingsFormat fmt = RatingsFormat.detect(file);
        assertThat(fmt.userColumn()).isEqualTo(1);
        assertThat(fmt.itemColumn()).isEqualTo(2);
        assertThat(fmt.ratingColumn()).isEqualTo(-1);
        assertThat(fmt.timestampColumn()).isZero();
        assertThat(RatingsReader.read(file).interactions().size()).isEqualTo(1);
    }

    @Test
    void read_malformedLineNamesFileAndLine() throws IOException {
        StringBuilder text = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int i = 0; i < 15; i++) {
            text.append("1,").append(i).append(",4.0,100\n");
        }
        text.append("2,5\n");
        Path file = write("ratings.csv", text.toString());
        assertThatThrownBy(() -> RatingsReader.read(file))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith("ratings.csv line 17: expected 4 columns, found 2")
                .satisfies(e -> assertThat(((MalformedDataException) e).line()).isEqualTo(17));
    }

    @Test
    void read_badNumbersRejected() throws IOException {
        Path file = write("u.data", "1\t2\tfive\t100\n");
        assertThatThrownBy(() -> RatingsReader.read(file)).hasMessageStartingWith("u.data line 1: rating 'five' is not a number");
        Path nan = write("u2.data", "1\t2\tNaN\t100\n");
        assertThatThrownBy(() -> RatingsReader.read(nan)).hasMessageContaining("not finite");
        Path ts = write("u3.data", "1\t2\t3\tyesterday\n");
        assertThatThrownBy(() -> RatingsReader.read(ts)).hasMessageContaining("u3.data line 1: timestamp 'yesterday'");
    }

    @Test
    void read_skipMalformedCountsSkippedLines() throws IOException {
        Path file = write("u.data", "1\t2\t3\t100\nbroken line\n1\t3\t4\t101\n1\tx\t4\t102\n");
        ReadResult r = RatingsReader.read(file, RatingsFormat.MOVIELENS_100K, OnMalformed.SKIP);
        assertThat(r.interactions().size()).isEqualTo(2);
        assertThat(r.linesRead()).isEqualTo(4);
        assertThat(r.skippedLines()).isEqualTo(2);
        assertThat(r.skippedExamples()).containsExactly("u.data line 2: expected 4 columns, found 1",
                "u.data line 4: item id 'x' is not an integer");
    }

    @Test
    void detect_emptyFileFails() throws IOException {
        Path file = write("empty.csv", "");
        assertThatThrownBy(() -> RatingsReader.read(file)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("empty.csv line 1");
    }
}
