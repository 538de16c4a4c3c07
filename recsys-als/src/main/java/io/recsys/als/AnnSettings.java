package io.recsys.als;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.InvalidArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * Settings of a version's approximate-nearest-neighbour index ({@value #FILE}, beside the index
 * directory {@value #DIR}), chosen at export and covered by the version's hash and signature.
 *
 * @param maxConnections HNSW neighbours per node ({@code M}), 2..512
 * @param beamWidth candidates kept while building ({@code efConstruction}), 1..3200
 * @param breadth candidates the search returns for exact re-scoring ({@code efSearch}); a request
 *     for more than {@code breadth} items searches for k instead
 * @param minItems catalogues smaller than this keep the exact scan even when the index is present
 * @param scalarQuantized whether the graph stores 7-bit scalar-quantised vectors (Lucene's
 *     {@code Lucene99HnswScalarQuantizedVectorsFormat}) besides the floats
 */
public record AnnSettings(int maxConnections, int beamWidth, int breadth, int minItems, boolean scalarQuantized) {
    /** The settings file name. */
    public static final String FILE = "ann.json";
    /** The index directory name inside an ALS artifact directory. */
    public static final String DIR = "ann";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates the ranges. */
    public AnnSettings {
        if (maxConnections < 2 || maxConnections > 512) {
            throw new IllegalArgumentException("maxConnections must be in [2, 512], got " + maxConnections);
        }
        if (beamWidth < 1 || beamWidth > 3200) {
            throw new IllegalArgumentException("beamWidth must be in [1, 3200], got " + beamWidth);
        }
        if (breadth < 1 || breadth > 10_000) {
            throw new IllegalArgumentException("breadth must be in [1, 10000], got " + breadth);
        }
        if (minItems < 0) {
            throw new IllegalArgumentException("minItems must not be negative, got " + minItems);
        }
    }

    /** @return M 16, beam width 100, breadth 160 (recall@10 0.98 at 100,000 items, docs/benchmarks.md), exact scan below 50,000 items, scalar-quantised */
    public static AnnSettings defaults() {
        return new AnnSettings(16, 100, 160, 50_000, true);
    }

    /**
     * @param breadth the new search breadth
     * @return these settings with another breadth
     */
    public AnnSettings withBreadth(int breadth) {
        return new AnnSettings(maxConnections, beamWidth, breadth, minItems, scalarQuantized);
    }

    void write(Path file) throws IOException {
        var m = new LinkedHashMap<String, Object>();
        m.put("max_connections", maxConnections);
        m.put("beam_width", beamWidth);
        m.put("breadth", breadth);
        m.put("min_items", minItems);
        m.put("scalar_quantized", scalarQuantized);
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    }

    static AnnSettings read(Path file) throws IOException {
        if (Files.size(file) > 4096) {
            throw new InvalidArtifactException(FILE + ": larger than 4096 bytes");
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return new AnnSettings(field(n, "max_connections").asInt(), field(n, "beam_width").asInt(),
                    field(n, "breadth").asInt(), field(n, "min_items").asInt(), field(n, "scalar_quantized").asBoolean());
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArtifactException(FILE + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n == null ? null : n.get(name);
        if (v == null || !(v.isNumber() || v.isBoolean())) {
            throw new IllegalArgumentException("missing or non-scalar '" + name + "'");
        }
        return v;
    }
}
