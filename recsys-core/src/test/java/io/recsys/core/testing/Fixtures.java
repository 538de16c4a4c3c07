package io.recsys.core.testing;

import io.recsys.core.ModelRegistry;
import io.recsys.core.PublishRequest;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.popularity.PopularityModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builders of small real models for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * Publishes a popularity model whose item ids all lie in {@code [itemBase, itemBase + items)},
     * so any answer tells which version produced it. User {@code u} (0..users-1) has seen items
     * {@code itemBase + (u % items)} and {@code itemBase + ((u + 1) % items)}; item
     * {@code itemBase + i} is seen {@code ~users * 2 / items} times with a popularity gradient.
     *
     * @param registry target registry
     * @param scratch scratch directory
     * @param itemBase first item id
     * @param items number of items
     * @param users number of users
     * @return the published version
     * @throws IOException when files cannot be written
     */
    public static RegisteredVersion publishPopularity(ModelRegistry registry, Path scratch, long itemBase, int items, int users)
            throws IOException {
        Path dir = writePopularity(Files.createTempDirectory(scratch, "pop"), itemBase, items, users);
        return registry.publish(dir, PublishRequest.builder(PopularityModelLoader.MODEL_NAME)
                .gitSha(GIT_SHA).dataSnapshotId("data-" + itemBase).build());
    }

    /** The pipeline commit every fixture version records. */
    public static final String GIT_SHA = "0123456789abcdef0123456789abcdef01234567";

    /**
     * Writes the artifact files of the popularity model {@link #publishPopularity} publishes.
     *
     * @param dir an empty directory
     * @param itemBase first item id
     * @param items number of items
     * @param users number of users
     * @return {@code dir}
     * @throws IOException when files cannot be written
     */
    public static Path writePopularity(Path dir, long itemBase, int items, int users) throws IOException {
        int n = users * 2 + items * (items + 1) / 2;
        long[] us = new long[n];
        long[] is = new long[n];
        int j = 0;
        for (int u = 0; u < users; u++) {
            us[j] = u;
            is[j++] = itemBase + (u % items);
            us[j] = u;
            is[j++] = itemBase + ((u + 1) % items);
        }
        // A gradient so that lower item ids are more popular, seen by users far above the range.
        for (int i = 0; i < items; i++) {
            for (int c = 0; c <= i; c++) {
                us[j] = 1_000_000 + c;
                is[j++] = itemBase + (items - 1 - i);
            }
        }
        PopularityModelLoader.write(dir, us, is);
        return dir;
    }
}
