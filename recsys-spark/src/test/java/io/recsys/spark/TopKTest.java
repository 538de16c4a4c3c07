package io.recsys.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {
    private static final int[] IDS = {10, 11, 12, 13, 14};
    // rank 1: scores equal the single factor
    private static final float[] FACTORS = {0.1f, 0.9f, 0.5f, 0.9f, -1f};

    @Test
    void bestFirstSeenLeftOutTiesToTheSmallerId() {
        assertThat(LeaveLastOutEvaluation.topK(List.of(1f), List.of(), IDS, FACTORS, 3)).containsExactly(11, 13, 12);
        assertThat(LeaveLastOutEvaluation.topK(List.of(1f), List.of(11), IDS, FACTORS, 3)).containsExactly(13, 12, 10);
        assertThat(LeaveLastOutEvaluation.topK(List.of(-1f), List.of(), IDS, FACTORS, 2)).containsExactly(14, 10);
    }

    @Test
    void fewerCandidatesThanKGiveAShorterList() {
        assertThat(LeaveLastOutEvaluation.topK(List.of(1f), List.of(10, 11, 12), IDS, FACTORS, 5)).containsExactly(13, 14);
    }
}
