package io.recsys.als;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded heap against a full sort: best score first, ties broken by the smaller index. */
class TopKTest {

    private static int[] expected(float[] scores, int k) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static int[] run(TopK top, float[] scores, int k) {
        top.reset(k);
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > top.threshold() || top.size() < k) {
                top.offer(scores[i], i);
            }
        }
        float[] outScores = new float[k];
        int[] outIndices = new int[k];
        int n = top.drainSorted(outScores, outIndices);
        for (int i = 1; i < n; i++) {
            assertThat(outScores[i - 1]).isGreaterThanOrEqualTo(outScores[i]);
        }
        return Arrays.copyOf(outIndices, n);
    }

    @Test
    void randomScores_matchAFullSort_forEveryK() {
        var random = new Random(7);
        TopK top = new TopK();
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(500);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                // few distinct values so that ties are common
                scores[i] = trial % 2 == 0 ? random.nextFloat() : random.nextInt(5);
            }
            int k = 1 + random.nextInt(40);
            assertThat(run(top, scores, k)).as("trial %d n=%d k=%d", trial, n, k)
                    .containsExactly(expected(scores, k));
        }
    }

    @Test
    void kLargerThanTheCatalogue_returnsEveryItemSorted() {
        float[] scores = {0.5f, -1f, 3f, 3f, Float.NEGATIVE_INFINITY};
        assertThat(run(new TopK(), scores, 50)).containsExactly(2, 3, 0, 1, 4);
    }

    @Test
    void reuseAcrossRequests_growsAndForgetsThePreviousContents() {
        TopK top = new TopK();
        assertThat(run(top, new float[] {9f, 8f, 7f}, 2)).containsExactly(0, 1);
        float[] many = new float[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
        }
        assertThat(run(top, many, 30)).containsExactly(IntStream.range(70, 100).map(i -> 169 - i).toArray());
        assertThat(run(top, new float[] {1f}, 1)).containsExactly(0);
    }
}
