package io.recsys.core.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.InvalidArtifactException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @Test
    void read_numpyFloat32Matrix() throws Exception {
        NpyArray a = Npy.read(fixture("f4_2d.npy"));
        assertThat(a.dtype()).isEqualTo(NpyDtype.FLOAT32);
        assertThat(a.shape()).containsExactly(3, 4);
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = i * 0.5f - 1f;
        }
        assertThat(a.toFloatArray()).containsExactly(expected);
    }

    @Test
    void map_numpyFloat32MatrixWithoutCopy() throws Exception {
        NpyArray a = Npy.map(fixture("f4_2d.npy"));
        assertThat(a.buffer().isDirect()).isTrue();
        assertThat(a.floatView().get(5)).isEqualTo(1.5f);
    }

    @Test
    void read_numpyFloat64Int32Int64() throws Exception {
        assertThat(Npy.read(fixture("f8_1d.npy")).toDoubleArray()).containsExactly(1.5, -2.25, 1e300, 0.0);
        assertThat(Npy.read(fixture("i4_1d.npy")).toIntArray())
                .containsExactly(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 7);
        NpyArray i8 = Npy.read(fixture("i8_2d.npy"));
        assertThat(i8.shape()).containsExactly(2, 3);
        assertThat(i8.toLongArray()).containsExactly(1, 2, 3, -4, 1L << 40, -(1L << 62));
    }

    @Test
    void read_emptyBigEndianAndVersion2() throws Exception {
        NpyArray empty = Npy.read(fixture("f4_empty.npy"));
        assertThat(empty.shape()).containsExactly(0, 8);
        assertThat(empty.toFloatArray()).isEmpty();
        assertThat(Npy.read(fixture("f4_big_endian.npy")).toFloatArray()).containsExactly(1f, 2.5f, -3f);
        assertThat(Npy.read(fixture("f4_v2.npy")).toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void read_rejectsFortranOrderAndUnsupportedDtype() {
        assertThatThrownBy(() -> Npy.read(fixture("f4_fortran.npy")))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("f4_fortran.npy").hasMessageContaining("Fortran");
        assertThatThrownBy(() -> Npy.read(fixture("u1_1d.npy")))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("u1_1d.npy").hasMessageContaining("dtype");
    }

    @Test
    void write_roundTripsEveryDtype() throws IOException {
        float[] f = {1f, -2f, 3.25f, Float.MIN_VALUE, Float.MAX_VALUE, -0f};
        Npy.write(tmp.resolve("f.npy"), f, 2, 3);
        NpyArray rf = Npy.map(tmp.resolve("f.npy"));
        assertThat(rf.shape()).containsExactly(2, 3);
        assertThat(rf.toFloatArray()).containsExactly(f);
        double[] d = {Math.PI, -1e-300};
        Npy.write(tmp.resolve("d.npy"), d);
        assertThat(Npy.read(tmp.resolve("d.npy")).toDoubleArray()).containsExactly(d);
        int[] i = {Integer.MIN_VALUE, 0, 42};
        Npy.write(tmp.resolve("i.npy"), i);
        assertThat(Npy.read(tmp.resolve("i.npy")).toIntArray()).containsExactly(i);
        long[] l = {Long.MIN_VALUE, 1L << 50};
        Npy.write(tmp.resolve("l.npy"), l, 2);
        assertThat(Npy.read(tmp.resolve("l.npy")).toLongArray()).containsExactly(l);
    }

    @Test
    void write_largeArrayAcrossChunks() throws IOException {
        float[] f = new float[700_000];
        for (int i = 0; i < f.length; i++) {
            f[i] = i;
        }
        Npy.write(tmp.resolve("big.npy"), f, 70_000, 10);
        assertThat(Npy.map(tmp.resolve("big.npy")).toFloatArray()).isEqualTo(f);
    }

    @Test
    void write_headerIsNumpyCompatibleAndAligned() throws IOException {
        Npy.write(tmp.resolve("h.npy"), new float[6], 2, 3);
        byte[] bytes = Files.readAllBytes(tmp.resolve("h.npy"));
        String header = new String(bytes, 10, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        assertThat((10 + header.length()) % 64).isZero();
    }

    @Test
    void read_truncatedDataNamesFile() throws IOException {
        Path file = tmp.resolve("user_factors.npy");
        Npy.write(file, new float[100], 10, 10);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));
        assertThatThrownBy(() -> Npy.map(file)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("user_factors.npy").hasMessageContaining("truncated");
        Files.write(file, Arrays.copyOf(bytes, 30));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("user_factors.npy");
    }

    @Test
    void read_notNpyOrMissing() throws IOException {
        Path file = tmp.resolve("x.npy");
        Files.writeString(file, "hello, this is not numpy");
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(InvalidArtifactException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> Npy.read(tmp.resolve("absent.npy"))).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("absent.npy");
    }
}
