package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.als.data.Interactions;
import io.recsys.als.data.RatingsReader;
import io.recsys.core.Exclusions;
import io.recsys.core.ScoredItem;
import io.recsys.core.event.UserEvent;
import io.recsys.core.event.UserEventType;
import io.recsys.core.foldin.UserState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A new user who watched five films of one genre gets recommendations that are not the popularity
 * list and lean to that genre. Uses MovieLens 100K's genres ({@code u.item}) when the data set is
 * present, else generated data with the same kind of structure (users prefer one genre, items are
 * popular across genres), so the test always runs.
 */
class FoldInGenreTest {
    private static final int HORROR_COLUMN = 5 + 11; // u.item: 5 fields, then 19 genre flags; Horror is the 12th

    private record Catalogue(Interactions data, Set<Long> genre) {
    }

    @Test
    void aNewUserWithFiveFilmsOfOneGenreGetsThatGenreNotThePopularityList() throws IOException {
        // MovieLens when present (Horror, about 5 % of the catalogue), else the generated catalogue
        leansToTheGenre(movieLens().orElseGet(FoldInGenreTest::generated));
    }

    @Test
    void theGeneratedCatalogueShowsTheSameLean() {
        leansToTheGenre(generated());
    }

    private static void leansToTheGenre(Catalogue c) {
        AlsRecommender rec = new AlsTrainer(AlsHyperparameters.builder().factors(32).threads(2).build()).fit(c.data())
                .toRecommender();
        long newUser = 9_999_999L;
        List<ScoredItem> popular = rec.recommend(newUser, rec.itemCount()); // every item, most popular first
        List<Long> watched = popular.stream().map(ScoredItem::itemId).filter(c.genre()::contains).limit(5).toList();
        assertThat(watched).hasSize(5);
        UserState state = null;
        for (int q = 0; q < watched.size(); q++) {
            state = rec.foldIn(newUser, state, UserEvent.of(null, newUser, watched.get(q), UserEventType.WATCH, q));
        }
        long[] seen = watched.stream().mapToLong(Long::longValue).toArray();
        List<Long> personal = rec.recommend(newUser, state, 10, Exclusions.seen()).stream().map(ScoredItem::itemId)
                .toList();
        List<Long> popularityList = rec.recommend(newUser, 10, Exclusions.of(true, seen)).stream()
                .map(ScoredItem::itemId).toList();
        assertThat(personal).hasSize(10).doesNotContainAnyElementsOf(watched).isNotEqualTo(popularityList);
        long inGenre = personal.stream().filter(c.genre()::contains).count();
        long popularInGenre = popularityList.stream().filter(c.genre()::contains).count();
        assertThat(inGenre).isGreaterThanOrEqualTo(4).isGreaterThanOrEqualTo(popularInGenre + 3);
    }

    private static java.util.Optional<Catalogue> movieLens() throws IOException {
        Path dir = Path.of(System.getProperty("recsys.ml100k.dir", "/work/shared/data/ml-100k"));
        if (!Files.isRegularFile(dir.resolve("u.data")) || !Files.isRegularFile(dir.resolve("u.item"))) {
            return java.util.Optional.empty();
        }
        Set<Long> horror = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("u.item"), StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\\|", -1);
            if (f.length > HORROR_COLUMN && "1".equals(f[HORROR_COLUMN])) {
                horror.add(Long.parseLong(f[0]));
            }
        }
        return java.util.Optional.of(new Catalogue(RatingsReader.read(dir.resolve("u.data")).interactions(), horror));
    }

    /** 6 genres of 60 items; each user favours one genre (80 % of picks) and picks by a shared popularity. */
    private static Catalogue generated() {
        var rnd = new SplittableRandom(7);
        int genres = 6;
        int perGenre = 60;
        var b = Interactions.builder();
        for (int u = 0; u < 600; u++) {
            int favourite = u % genres;
            Set<Long> picked = new HashSet<>();
            for (int t = 0; picked.size() < 30; t++) {
                int g = rnd.nextDouble() < 0.8 ? favourite : rnd.nextInt(genres);
                // popularity: low ranks within a genre are picked far more often
                int rank = (int) Math.floor(perGenre * Math.pow(rnd.nextDouble(), 2.5));
                long item = (long) g * perGenre + rank + 1;
                if (picked.add(item)) {
                    b.add(u, item, 1f, 1_000L * t);
                }
            }
        }
        Set<Long> genre = new HashSet<>();
        for (long i = 1; i <= perGenre; i++) {
            genre.add(2L * perGenre + i);
        }
        return new Catalogue(b.build(), genre);
    }
}
