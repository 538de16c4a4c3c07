package io.recsys.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.ModelInfo;
import io.recsys.core.ModelVersion;
import io.recsys.core.PredictionRecord;
import io.recsys.core.VersionMetadata;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceHeadersTest {

    @Test
    void of_record_buildsAllFiveHeaders() {
        Map<String, String> h = ProvenanceHeaders.of(TestRecords.record("req-1"));
        assertThat(h).containsExactly(
                Map.entry("X-Request-ID", "req-1"),
                Map.entry("X-Model-Version", "v0.3"),
                Map.entry("X-Pipeline-Commit", "207521e"),
                Map.entry("X-Data-Version", "9c1de44291dc"),
                Map.entry("X-Model-Manifest", "51ac00ff"));
    }

    @Test
    void of_modelInfo_omitsManifestWhenTheVersionHasNone() {
        var md = new VersionMetadata("v0.2", "", "als", "unknown", "snap\r\nX-Evil: 1", null, null, null, 0, null, null);
        Map<String, String> h = ProvenanceHeaders.of("abc", new ModelInfo("als", ModelVersion.parse("v0.2"), md));
        assertThat(h).containsOnlyKeys("X-Request-ID", "X-Model-Version", "X-Pipeline-Commit", "X-Data-Version");
        assertThat(h.get("X-Pipeline-Commit")).isEqualTo("unknown");
        assertThat(h.get("X-Data-Version")).isEqualTo("snap??X-Evil: 1");
    }

    @Test
    void shortSha_shortensOnlyLongHex() {
        assertThat(ProvenanceHeaders.shortSha("80d8e56f5c1b")).isEqualTo("80d8e56");
        assertThat(ProvenanceHeaders.shortSha("80d8e56")).isEqualTo("80d8e56");
        assertThat(ProvenanceHeaders.shortSha("not-a-sha-at-all")).isEqualTo("not-a-sha-at-all");
        assertThat(ProvenanceHeaders.shortSha(null)).isEqualTo("unknown");
    }

    @Test
    void requestIds_acceptOnlyWellFormedIds() {
        assertThat(RequestIds.accept("7c9e6679-7425-40de-944b-e07fc1f90ae7")).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(RequestIds.accept("trace:abc.DEF_1")).isEqualTo("trace:abc.DEF_1");
        assertThat(RequestIds.isValid("a".repeat(128))).isTrue();
        for (String bad : new String[] {null, "", "a".repeat(129), "has space", "new\nline", "semi;colon", "é"}) {
            assertThat(RequestIds.isValid(bad)).as(String.valueOf(bad)).isFalse();
            String generated = RequestIds.accept(bad);
            assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
        assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
    }
}
