package io.recsys.provenance.manifest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.recsys.provenance.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.core.RegisteredVersion;
import io.recsys.core.VersionMetadata;
import io.recsys.core.registry.ArtifactDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of checking model files against their training manifest: every artifact's SHA-256
 * and size recomputed, the manifest's own hash recomputed over its canonical form, and (for a
 * registry version) {@code meta.json}'s {@code manifest_sha256} compared with the manifest.
 * Each problem names the artifact or file at fault, e.g.
 * {@code artifact item_factors: sha256 mismatch (expected ab12cd34ef56.., found 0f1e2d3c4b5a..)}.
 *
 * @param subject the directory that was checked (a registry version or an artifact directory)
 * @param manifestFound whether a manifest was there to check
 * @param manifestSha256 the hash computed from the manifest's content, or null without one
 * @param problems one message per problem; empty when everything matches
 */
@JsonPropertyOrder({"subject", "ok", "manifest_found", "manifest_sha256", "problems"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManifestVerification(
        String subject,
        boolean manifestFound,
        String manifestSha256,
        List<String> problems) {

    /** The manifest's file name inside a registry version directory. */
    public static final String VERSION_MANIFEST = "manifest.json";

    /** Copies the problem list. */
    public ManifestVerification {
        Objects.requireNonNull(subject, "subject");
        problems = List.copyOf(problems);
    }

    /** @return whether no problem was found */
    @JsonProperty
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * Checks a registry version directory ({@code <registry>/vX.Y}): reads {@code meta.json} for
     * the model name and {@code manifest_sha256}, then checks {@code manifest.json} beside it
     * against the artifacts in {@code vX.Y/<model_name>/}.
     *
     * @param versionDir the version directory
     * @return the result; a version with neither a manifest nor a {@code manifest_sha256} in
     *     {@code meta.json} fails (nothing would tell it from a version whose manifest was removed)
     */
    public static ManifestVerification verify(Path versionDir) {
        Path meta = versionDir.resolve("meta.json");
        VersionMetadata md;
        try {
            md = Json.MAPPER.readValue(meta.toFile(), VersionMetadata.class);
        } catch (IOException | RuntimeException e) {
            return new ManifestVerification(versionDir.toString(), Files.exists(versionDir.resolve(VERSION_MANIFEST)),
                    null, List.of("meta.json: cannot read " + meta + ": " + e.getMessage()));
        }
        return check(versionDir.toString(), versionDir.resolve(VERSION_MANIFEST), versionDir.resolve(md.modelName()),
                true, md.manifestSha256());
    }

    /**
     * Checks a registered version; see {@link #verify(Path)}.
     *
     * @param version the version
     * @return the result
     */
    public static ManifestVerification verify(RegisteredVersion version) {
        return check(version.versionDir().toString(), version.versionDir().resolve(VERSION_MANIFEST),
                version.artifactDir(), true, version.metadata().manifestSha256());
    }

    /**
     * Checks a training artifact directory against a manifest file (no registry linkage).
     *
     * @param manifestFile the manifest, e.g. {@code <artifacts>/model_manifest.json}
     * @param artifactDir the directory its artifact paths are relative to
     * @return the result
     */
    public static ManifestVerification verifyArtifacts(Path manifestFile, Path artifactDir) {
        return check(artifactDir.toString(), manifestFile, artifactDir, false, null);
    }

    private static ManifestVerification check(String subject, Path manifestFile, Path artifactDir,
            boolean registry, String linkedSha) {
        var problems = new ArrayList<String>();
        if (!Files.exists(manifestFile)) {
            if (registry && linkedSha != null) {
                problems.add("manifest: meta.json names manifest_sha256 " + abbrev(linkedSha) + " but "
                        + manifestFile.getFileName() + " is missing");
            } else if (registry) {
                // fail closed: removing the manifest and its hash must not make a version pass
                problems.add("manifest: the version has no training manifest (" + VERSION_MANIFEST
                        + " and meta.json's manifest_sha256 are both missing)");
            } else {
                problems.add("manifest: missing file " + manifestFile.getFileName());
            }
            return new ManifestVerification(subject, false, null, problems);
        }
        ObjectNode tree;
        String computed;
        try {
            tree = Manifests.readTree(manifestFile);
            computed = Manifests.sha256(tree);
        } catch (IOException | RuntimeException e) {
            problems.add("manifest: cannot read " + manifestFile.getFileName() + ": " + e.getMessage());
            return new ManifestVerification(subject, true, null, problems);
        }
        JsonNode recorded = tree.get(TrainingManifest.HASH_FIELD);
        if (recorded == null || !recorded.isTextual() || recorded.asText().isEmpty()) {
            problems.add("manifest: manifest_sha256 is missing");
        } else if (!recorded.asText().equalsIgnoreCase(computed)) {
            problems.add("manifest: manifest_sha256 mismatch (recorded " + abbrev(recorded.asText())
                    + ", computed " + abbrev(computed) + ")");
        }
        if (registry) {
            if (linkedSha == null || linkedSha.isEmpty()) {
                problems.add("manifest: meta.json has no manifest_sha256; the manifest is not linked to this version");
            } else if (!linkedSha.equalsIgnoreCase(computed)) {
                problems.add("manifest: meta.json manifest_sha256 " + abbrev(linkedSha)
                        + " does not match the manifest (computed " + abbrev(computed) + ")");
            }
        }
        checkArtifacts(tree.get("artifacts"), artifactDir, problems);
        return new ManifestVerification(subject, true, computed, problems);
    }

    private static void checkArtifacts(JsonNode artifacts, Path artifactDir, List<String> problems) {
        if (artifacts == null || !artifacts.isObject() || artifacts.isEmpty()) {
            problems.add("manifest: lists no artifacts");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = artifacts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode entry = e.getValue();
            String path = entry.path("path").asText("");
            String sha = entry.path("sha256").asText("");
            if (path.isEmpty() || sha.isEmpty() || !entry.path("size_bytes").canConvertToLong()) {
                problems.add("artifact " + name + ": entry lacks path, sha256 or size_bytes");
                continue;
            }
            Path file = artifactDir.resolve(path);
            if (Path.of(path).isAbsolute() || !Manifests.isInside(artifactDir, file)) {
                problems.add("artifact " + name + ": path " + path + " leaves the artifact directory");
                continue;
            }
            if (!Files.isRegularFile(file)) {
                problems.add("artifact " + name + ": missing file " + path);
                continue;
            }
            try {
                long expectedSize = entry.path("size_bytes").asLong();
                long size = Files.size(file);
                if (size != expectedSize) {
                    problems.add("artifact " + name + ": size mismatch (expected " + expectedSize + " bytes, found "
                            + size + ")");
                }
                String actual = ArtifactDigest.sha256Of(file);
                if (!actual.equalsIgnoreCase(sha)) {
                    problems.add("artifact " + name + ": sha256 mismatch (expected " + abbrev(sha) + ", found "
                            + abbrev(actual) + ")");
                }
            } catch (IOException ex) {
                problems.add("artifact " + name + ": cannot read " + path + ": " + ex.getMessage());
            }
        }
    }

    /** @return the report as JSON */
    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a human-readable summary: {@code OK} or one problem per line */
    public String toText() {
        var sb = new StringBuilder();
        sb.append("Manifest verification of ").append(subject).append(": ").append(ok() ? "OK" : "FAILED");
        if (!manifestFound && ok()) {
            sb.append(" (no manifest)");
        }
        sb.append('\n');
        for (String p : problems) {
            sb.append("  - ").append(p).append('\n');
        }
        return sb.toString();
    }

    static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + ".." : sha;
    }
}
