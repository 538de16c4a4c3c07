package io.recsys.provenance;

import io.recsys.provenance.manifest.GitInfo;
import io.recsys.core.ModelInfo;
import io.recsys.core.PredictionRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provenance response headers:
 * <table>
 *   <caption>Headers</caption>
 *   <tr><th>Header</th><th>Value</th></tr>
 *   <tr><td>{@code X-Request-ID}</td><td>the request id</td></tr>
 *   <tr><td>{@code X-Model-Version}</td><td>the registry version that answered, e.g. {@code v0.3}</td></tr>
 *   <tr><td>{@code X-Pipeline-Commit}</td><td>short (7-character) git commit of the training pipeline</td></tr>
 *   <tr><td>{@code X-Data-Version}</td><td>training data identifier (dataset version or SHA-256)</td></tr>
 *   <tr><td>{@code X-Model-Manifest}</td><td>{@code manifest_sha256}; only when the version has a manifest</td></tr>
 * </table>
 * Values are sanitised: characters outside printable ASCII are replaced by {@code ?}, so that a
 * value from a file can never split a header.
 */
public final class ProvenanceHeaders {

    /** Request id header. */
    public static final String REQUEST_ID = "X-Request-ID";
    /** Model version header. */
    public static final String MODEL_VERSION = "X-Model-Version";
    /** Short pipeline commit header. */
    public static final String PIPELINE_COMMIT = "X-Pipeline-Commit";
    /** Data version header. */
    public static final String DATA_VERSION = "X-Data-Version";
    /** Manifest hash header. */
    public static final String MODEL_MANIFEST = "X-Model-Manifest";

    private ProvenanceHeaders() {
    }

    /**
     * @param record one request's provenance
     * @return the headers, in the order above
     */
    public static Map<String, String> of(PredictionRecord record) {
        return build(record.requestId(), record.modelVersion(), record.gitSha(), record.dataSnapshotId(),
                record.manifestSha256());
    }

    /**
     * @param requestId the request id
     * @param info the model version that answered
     * @return the headers, in the order above
     */
    public static Map<String, String> of(String requestId, ModelInfo info) {
        return build(requestId, info.version().toString(), info.gitSha(), info.dataSnapshotId(), info.manifestSha256());
    }

    private static Map<String, String> build(String requestId, String version, String gitSha, String data,
            String manifest) {
        var h = new LinkedHashMap<String, String>();
        h.put(REQUEST_ID, clean(requestId));
        if (version != null) {
            h.put(MODEL_VERSION, clean(version));
        }
        h.put(PIPELINE_COMMIT, clean(shortSha(gitSha)));
        h.put(DATA_VERSION, clean(data == null || data.isEmpty() ? GitInfo.UNKNOWN_VALUE : data));
        if (manifest != null && !manifest.isEmpty()) {
            h.put(MODEL_MANIFEST, clean(manifest));
        }
        return Collections.unmodifiableMap(h);
    }

    /**
     * @param sha a commit hash, or null
     * @return its first 7 characters when it is a longer hex string; {@code unknown} for null or
     *     empty; otherwise the value unchanged
     */
    public static String shortSha(String sha) {
        if (sha == null || sha.isEmpty()) {
            return GitInfo.UNKNOWN_VALUE;
        }
        return ModelInfo.shortSha(sha);
    }

    private static String clean(String v) {
        int printable = 0;
        while (printable < v.length() && v.charAt(printable) >= 0x20 && v.charAt(printable) < 0x7f) {
            printable++;
        }
        if (printable == v.length()) {
            return v; // the usual case: nothing to replace, nothing to copy
        }
        var sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
