package io.recsys.core.factors;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.recsys.core.InvalidArtifactException;
import io.recsys.core.npy.Npy;
import io.recsys.core.npy.NpyArray;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a factor model in the seeds' layout for their Python tooling: {@value #MODEL_FILE} (a
 * NumPy {@code .npz} archive with {@code user_factors} and {@code item_factors}, loadable with
 * {@code numpy.load}), {@value #USER_MAP} and {@value #ITEM_MAP} (JSON objects from each original
 * id, as text, to its row in the factor matrices). The {@code .npy} layout stays the registry's
 * format; this is an export.
 */
public final class NpzExport {
    /** The seeds' model archive name. */
    public static final String MODEL_FILE = "als_model.npz";
    /** The seeds' user id map. */
    public static final String USER_MAP = "user_map.json";
    /** The seeds' item id map. */
    public static final String ITEM_MAP = "movie_map.json";

    private NpzExport() {
    }

    /**
     * @param factorDir a directory in the factor layout ({@link FactorArtifacts})
     * @param outputDir where the three files go (created if needed; existing files are replaced)
     * @throws IOException when reading or writing fails
     * @throws InvalidArtifactException when the directory is not in the factor layout
     */
    public static void write(Path factorDir, Path outputDir) throws IOException {
        for (String f : new String[] {FactorArtifacts.USER_FACTORS, FactorArtifacts.ITEM_FACTORS,
                FactorArtifacts.USER_IDS, FactorArtifacts.ITEM_IDS}) {
            if (!Files.isRegularFile(factorDir.resolve(f))) {
                throw new InvalidArtifactException("Not a factor model: " + f + " is missing");
            }
        }
        Files.createDirectories(outputDir);
        Path tmp = Files.createTempFile(outputDir, ".als_model", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "user_factors.npy", factorDir.resolve(FactorArtifacts.USER_FACTORS));
            entry(zip, "item_factors.npy", factorDir.resolve(FactorArtifacts.ITEM_FACTORS));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, outputDir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        idMap(Npy.read(factorDir.resolve(FactorArtifacts.USER_IDS)), outputDir.resolve(USER_MAP));
        idMap(Npy.read(factorDir.resolve(FactorArtifacts.ITEM_IDS)), outputDir.resolve(ITEM_MAP));
    }

    private static void entry(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static void idMap(NpyArray ids, Path file) throws IOException {
        long[] longs = ids.toLongArray();
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (int i = 0; i < longs.length; i++) {
                g.writeNumberField(Long.toString(longs[i]), i);
            }
            g.writeEndObject();
        }
    }
}
