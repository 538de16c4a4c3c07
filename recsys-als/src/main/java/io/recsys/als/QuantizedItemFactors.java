package io.recsys.als;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.ModelInfo;
import io.recsys.core.npy.NpyArray;
import io.recsys.core.npy.NpyDtype;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The optional 8-bit copy of an ALS version's item factors ({@value #FILE}), chosen per version at
 * export ({@code recsys export --quantize int8}). When a version holds it, {@link AlsModelLoader}
 * serves top-K requests by scanning the 8-bit levels for candidates and re-scoring them exactly in
 * float, so the answer equals the plain float scan's (same items, scores, order); see
 * {@code docs/benchmarks.md} for what it costs on this JVM. It lives in the version directory, so
 * {@code artifact_sha} and the signature cover it like every other file.
 *
 * <p>Format (little-endian): the ASCII magic {@code RSQ8}, int32 format version 1, int32 scale
 * (0 = per item, 1 = per dimension), int32 items, int32 factors, float32 dimension scales
 * {@code [factors]}, float32 item scales {@code [items]}, int8 levels {@code [items, factors]}
 * row-major. A reader refuses any other size, a shape that differs from {@code item_factors.npy}
 * and any level further than half a step from the float factor it stands for.
 */
public final class QuantizedItemFactors {
    /** The file name inside an ALS artifact directory. */
    public static final String FILE = "item_factors_int8.bin";

    private static final int MAGIC = 0x38515352; // "RSQ8" read little-endian
    private static final int FORMAT = 1;
    private static final int HEADER = 20;

    private QuantizedItemFactors() {
    }

    /**
     * Quantises the {@code item_factors.npy} of an ALS artifact directory and writes {@value #FILE}
     * beside it (replacing an existing one), fsynced.
     *
     * @param dir the artifact directory
     * @param scale how levels are scaled
     * @throws IOException when reading or writing fails
     * @throws InvalidArtifactException when {@code item_factors.npy} is missing, malformed or not finite
     */
    public static void write(Path dir, QuantizationScale scale) throws IOException {
        Objects.requireNonNull(scale, "scale");
        NpyArray a = AlsModelLoader.require(dir, AlsArtifacts.ITEM_FACTORS);
        if (a.ndim() != 2 || a.cols() < 1 || (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64)
                || a.size() > Integer.MAX_VALUE - 8) {
            throw new InvalidArtifactException(AlsArtifacts.ITEM_FACTORS + ": expected a float [items, factors] array");
        }
        Int8Factors q;
        try {
            q = Int8Factors.quantize(a.toFloatArray(), (int) a.rows(), (int) a.cols(), scale);
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(AlsArtifacts.ITEM_FACTORS + ": " + e.getMessage(), e);
        }
        write(dir.resolve(FILE), q);
    }

    /**
     * A recommender for an in-memory model that scans 8-bit levels for candidates (for tests and
     * benchmarks; a registry version gets the same through its {@value #FILE}).
     *
     * @param model the model
     * @param info the identity the recommender reports
     * @param scale how levels are scaled
     * @return the recommender
     */
    public static AlsRecommender recommender(AlsModel model, ModelInfo info, QuantizationScale scale) {
        float[] items = model.itemFactorsArray();
        Int8Factors q = Int8Factors.quantize(items, model.items().size(), model.factors(), scale);
        return model.toRecommender(info, new QuantizedScorer(q, FloatBuffer.wrap(items)));
    }

    static void write(Path file, Int8Factors q) throws IOException {
        long bytes = HEADER + 4L * q.factors() + 4L * q.items() + q.values().length;
        ByteBuffer header = ByteBuffer.allocate((int) Math.min(bytes - q.values().length, Integer.MAX_VALUE))
                .order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(FORMAT).putInt(q.scale() == QuantizationScale.ITEM ? 0 : 1)
                .putInt(q.items()).putInt(q.factors());
        for (float s : q.dimensionScales()) {
            header.putFloat(s);
        }
        for (float s : q.itemScales()) {
            header.putFloat(s);
        }
        header.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ByteBuffer body = ByteBuffer.wrap(q.values());
            while (body.hasRemaining()) {
                ch.write(body);
            }
            ch.force(true);
        }
    }

    /**
     * Reads and checks the file against the float item factors it must stand for.
     *
     * @throws InvalidArtifactException naming the problem when it does not match
     */
    static Int8Factors read(Path file, FloatBuffer itemFactors, int items, int factors) throws IOException {
        long expected = HEADER + 4L * factors + 4L * items + (long) items * factors;
        long size = Files.size(file);
        if (size != expected) {
            throw new InvalidArtifactException(FILE + ": " + size + " bytes, expected " + expected + " for "
                    + items + " items x " + factors + " factors");
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() != expected) {
            throw new InvalidArtifactException(FILE + ": changed while being read");
        }
        int magic = buf.getInt();
        int format = buf.getInt();
        int scaleCode = buf.getInt();
        int n = buf.getInt();
        int f = buf.getInt();
        if (magic != MAGIC || format != FORMAT) {
            throw new InvalidArtifactException(FILE + ": not an int8 item factor file of format " + FORMAT);
        }
        if (scaleCode != 0 && scaleCode != 1) {
            throw new InvalidArtifactException(FILE + ": unknown scale code " + scaleCode);
        }
        if (n != items || f != factors) {
            throw new InvalidArtifactException(FILE + ": shape [" + n + ", " + f + "] differs from "
                    + AlsArtifacts.ITEM_FACTORS + " [" + items + ", " + factors + "]");
        }
        float[] dimScales = new float[f];
        buf.asFloatBuffer().get(dimScales);
        buf.position(buf.position() + 4 * f);
        float[] itemScales = new float[n];
        buf.asFloatBuffer().get(itemScales);
        buf.position(buf.position() + 4 * n);
        byte[] values = new byte[n * f];
        buf.get(values);
        var q = new Int8Factors(scaleCode == 0 ? QuantizationScale.ITEM : QuantizationScale.DIMENSION, n, f,
                itemScales, dimScales, values);
        String problem = q.checkAgainst(itemFactors);
        if (problem != null) {
            throw new InvalidArtifactException(FILE + ": " + problem);
        }
        return q;
    }
}
