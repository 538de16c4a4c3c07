package io.recsys.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.RegisteredVersion;
import io.recsys.core.RolloutStatus;
import io.recsys.core.VersionMetadata;
import io.recsys.core.serving.Provenance;
import io.recsys.core.testing.Fixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact layout of {@code meta.json} (names, order, indentation) and the wire names of the core
 * types, which come from one snake_case naming strategy and must read the same under any mapper.
 */
class MetaJsonFormatTest {
    @TempDir
    Path temp;

    @Test
    void metaJsonKeepsItsLayout() throws Exception {
        var registry = new FileSystemModelRegistry(temp.resolve("reg"));
        RegisteredVersion v = Fixtures.publishPopularity(registry, temp, 1000, 5, 10);
        String meta = Files.readString(registry.root().resolve("v0.1").resolve("meta.json"));
        assertThat(meta).matches("""
                \\{
                  "version" : "v0\\.1",
                  "created_at" : "[0-9T:.Z-]+",
                  "model_name" : "popularity",
                  "git_sha" : "0123456789abcdef0123456789abcdef01234567",
                  "data_snapshot_id" : "data-1000",
                  "image_digest" : "",
                  "exported_by" : ".*",
                  "artifact_sha" : "[0-9a-f]{64}",
                  "artifact_size" : [0-9]+,
                  "metrics" : \\{ },
                  "manifest_sha256" : null
                }""");
        // A plain mapper (as other modules use) reads it back through the naming on the type.
        VersionMetadata read = new ObjectMapper().readValue(meta, VersionMetadata.class);
        assertThat(read).isEqualTo(v.metadata());
    }

    @Test
    void coreTypesHaveSnakeCaseNamesUnderAPlainMapper() throws Exception {
        var plain = new ObjectMapper();
        assertThat(plain.writeValueAsString(new RolloutStatus("canary", "v0.1", "v0.2", 10.0, "production", "hash",
                RolloutStatus.saltId("recsys"))))
                .isEqualTo("{\"strategy\":\"canary\",\"primary_version\":\"v0.1\",\"canary_version\":\"v0.2\","
                        + "\"canary_percentage\":10.0,\"environment\":\"production\",\"bucketing\":\"hash\","
                        + "\"salt_id\":\"" + RolloutStatus.saltId("recsys") + "\"}");
        assertThat(RolloutStatus.saltId("recsys")).matches("[0-9a-f]{8}").isNotEqualTo(RolloutStatus.saltId("exp-7"));
        assertThat(plain.writeValueAsString(new Provenance("r1", 5L, "als", "v0.1", "abc", "snap", null, 2L, 1_500L, "m")))
                .isEqualTo("{\"request_id\":\"r1\",\"timestamp\":5,\"model_name\":\"als\",\"model_version\":\"v0.1\","
                        + "\"git_sha\":\"abc\",\"data_snapshot_id\":\"snap\",\"container_image_digest\":null,"
                        + "\"latency_ms\":2,\"latency_us\":1500}");
    }
}
