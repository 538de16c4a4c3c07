package io.recsys.core.popularity;

import io.recsys.core.InvalidArtifactException;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.spi.ModelLoader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link io.recsys.core.spi.ModelLoader} for {@code model_name = "popularity"}. The artifact
 * directory holds two tab-separated text files: {@code popularity.tsv} ({@code item_id count}
 * per line) and {@code seen.tsv} ({@code user_id item_id} per line).
 */
public final class PopularityModelLoader implements ModelLoader {
    /** The model name this loader reads. */
    public static final String MODEL_NAME = "popularity";
    static final String POPULARITY = "popularity.tsv";
    static final String SEEN = "seen.tsv";

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public Recommender load(RegisteredVersion version) throws IOException {
        Path dir = version.artifactDir();
        var ids = new ArrayList<long[]>();
        readPairs(dir.resolve(POPULARITY), ids);
        long[] items = new long[ids.size()];
        long[] counts = new long[ids.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = ids.get(i)[0];
            counts[i] = ids.get(i)[1];
        }
        var pairs = new ArrayList<long[]>();
        readPairs(dir.resolve(SEEN), pairs);
        var grouped = new HashMap<Long, List<Long>>();
        for (long[] p : pairs) {
            grouped.computeIfAbsent(p[0], u -> new ArrayList<>()).add(p[1]);
        }
        Map<Long, long[]> seen = new HashMap<>();
        grouped.forEach((u, l) -> seen.put(u, l.stream().mapToLong(Long::longValue).distinct().sorted().toArray()));
        return new PopularityRecommender(version.info(), items, counts, seen);
    }

    /**
     * Writes a popularity model's artifacts.
     *
     * @param dir target directory (created if needed)
     * @param users user id of each interaction
     * @param items item id of each interaction
     * @throws IOException when writing fails
     */
    public static void write(Path dir, long[] users, long[] items) throws IOException {
        Files.createDirectories(dir);
        var model = PopularityRecommender.fromInteractions(null, users, items);
        long[] ranked = model.rankedItems();
        long[] counts = model.rankedCounts();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(POPULARITY), StandardCharsets.UTF_8)) {
            for (int i = 0; i < ranked.length; i++) {
                w.write(ranked[i] + "\t" + counts[i] + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(SEEN), StandardCharsets.UTF_8)) {
            for (var e : new java.util.TreeMap<>(model.seenByUser()).entrySet()) {
                for (long item : e.getValue()) {
                    w.write(e.getKey() + "\t" + item + "\n");
                }
            }
        }
    }

    private static void readPairs(Path file, List<long[]> out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidArtifactException("Popularity model file missing: " + file);
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                try {
                    if (tab < 0) {
                        throw new NumberFormatException("no tab");
                    }
                    out.add(new long[] {Long.parseLong(line.substring(0, tab)), Long.parseLong(line.substring(tab + 1))});
                } catch (NumberFormatException e) {
                    throw new InvalidArtifactException(file + " line " + n + ": expected two tab-separated integers");
                }
            }
        }
    }
}
