package io.recsys.core.factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.npy.Npy;
import io.recsys.core.npy.NpyArray;
import io.recsys.core.npy.NpyDtype;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactorArtifactsTest {
    @TempDir
    Path dir;

    private static FactorSet twoUsersThreeItems() {
        return FactorSet.builder(2)
                .users(new long[] {10, 20}, new float[] {1, 2, 3, 4})
                .items(new long[] {7, 8, 9}, new float[] {0.5f, 0.25f, -1, 1, 2, 0})
                .seen(new long[] {0, 2, 3}, new int[] {0, 2, 1})
                .itemPopularity(new long[] {1, 1, 1})
                .build();
    }

    @Test
    void writesTheLayoutWithItsDtypesAndShapes() throws Exception {
        FactorArtifacts.write(dir, twoUsersThreeItems());

        NpyArray uf = Npy.map(dir.resolve(FactorArtifacts.USER_FACTORS));
        assertThat(uf.dtype()).isEqualTo(NpyDtype.FLOAT32);
        assertThat(uf.shape()).containsExactly(2, 2);
        assertThat(uf.toFloatArray()).containsExactly(1, 2, 3, 4);
        NpyArray itf = Npy.map(dir.resolve(FactorArtifacts.ITEM_FACTORS));
        assertThat(itf.shape()).containsExactly(3, 2);
        assertThat(itf.toFloatArray()).containsExactly(0.5f, 0.25f, -1, 1, 2, 0);
        NpyArray uids = Npy.map(dir.resolve(FactorArtifacts.USER_IDS));
        assertThat(uids.dtype()).isEqualTo(NpyDtype.INT64);
        assertThat(uids.toLongArray()).containsExactly(10, 20);
        assertThat(Npy.map(dir.resolve(FactorArtifacts.ITEM_IDS)).toLongArray()).containsExactly(7, 8, 9);
        NpyArray ptr = Npy.map(dir.resolve(FactorArtifacts.SEEN_INDPTR));
        assertThat(ptr.dtype()).isEqualTo(NpyDtype.INT64);
        assertThat(ptr.toLongArray()).containsExactly(0, 2, 3);
        NpyArray idx = Npy.map(dir.resolve(FactorArtifacts.SEEN_INDICES));
        assertThat(idx.dtype()).isEqualTo(NpyDtype.INT32);
        assertThat(idx.toIntArray()).containsExactly(0, 2, 1);
        assertThat(Npy.map(dir.resolve(FactorArtifacts.ITEM_POPULARITY)).toLongArray()).containsExactly(1, 1, 1);
    }

    @Test
    void optionalPartsAreLeftOutAndMetaCountsInteractions() throws Exception {
        FactorSet bare = FactorSet.builder(1).users(new long[] {1}, new float[] {1}).items(new long[] {2}, new float[] {1})
                .build();
        FactorArtifacts.write(dir, bare);
        assertThat(dir.resolve(FactorArtifacts.SEEN_INDPTR)).doesNotExist();
        assertThat(dir.resolve(FactorArtifacts.ITEM_POPULARITY)).doesNotExist();

        Map<String, Object> meta = FactorArtifacts.meta("als", twoUsersThreeItems());
        assertThat(meta).containsEntry("type", "als").containsEntry("format_version", 1).containsEntry("factors", 2)
                .containsEntry("users", 2).containsEntry("items", 3).containsEntry("interactions", 3L);
        assertThat(meta.keySet()).startsWith("type", "format_version");
    }

    @Test
    void inconsistentShapesAreRefused() {
        assertThatThrownBy(() -> FactorSet.builder(2).users(new long[] {1}, new float[] {1}).items(new long[] {2},
                new float[] {1, 2}).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userFactors");
        assertThatThrownBy(() -> FactorSet.builder(1).users(new long[] {1}, new float[] {1}).items(new long[] {2},
                new float[] {1}).seen(new long[] {0, 2}, new int[] {0}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seenIndptr");
        assertThatThrownBy(() -> FactorSet.builder(1).users(new long[] {1}, new float[] {1}).items(new long[] {2},
                new float[] {1}).itemPopularity(new long[] {1, 2}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itemPopularity");
        assertThatThrownBy(() -> FactorSet.builder(0).users(new long[0], new float[0]).items(new long[0], new float[0])
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factors");
    }
}
