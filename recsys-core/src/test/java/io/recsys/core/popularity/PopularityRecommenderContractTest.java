package io.recsys.core.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelLoaders;
import io.recsys.core.Recommender;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.ScoredItem;
import io.recsys.core.contract.RecommenderContractTest;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularityRecommenderContractTest extends RecommenderContractTest {
    @TempDir
    Path temp;

    @Override
    protected Recommender createRecommender() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("reg"));
        RegisteredVersion v = Fixtures.publishPopularity(registry, temp, 100, 20, 50);
        // Loaded through ServiceLoader discovery, as the service does.
        return ModelLoaders.discover().load(v);
    }

    @Override
    protected long knownUser() {
        return 3;
    }

    @Override
    protected long seenItemOfKnownUser() {
        return 103;
    }

    @Test
    void recommend_ranksByPopularityWithIdTieBreak() {
        // Item 100 is the most popular by construction; user 3 has not seen it.
        assertThat(recommender.recommend(3, 3)).extracting(ScoredItem::itemId).first().isEqualTo(100L);
        assertThat(recommender.recommend(0, 2)).extracting(ScoredItem::itemId).doesNotContain(100L, 101L);
    }
}
