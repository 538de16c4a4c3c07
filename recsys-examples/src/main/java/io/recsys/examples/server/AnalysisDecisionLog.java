package io.recsys.examples.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.experiments.analysis.CheckResult;
import io.recsys.experiments.analysis.RolloutDecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the rollout analysis's decisions (advance, promote, roll back, pause; not the holds) to
 * the switch log, one JSON line each, forced to disk. A line carries the switch log's fields
 * ({@code timestamp}, {@code from_version}, {@code to_version}, {@code status}) with status
 * {@code analysis_<decision>} (so the update report lists it and does not count it as an update;
 * the switch it causes is logged by the model manager as usual), plus {@code analysis}: the step,
 * weights, reason and every check's counts, estimates and p-value. Each line is one
 * {@code O_APPEND} write, so it does not interleave with the switch listener's lines.
 */
final class AnalysisDecisionLog {
    private final Path file;

    AnalysisDecisionLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void append(RolloutDecision d, String primary, String canary) throws IOException {
        ObjectNode o = ServerJson.MAPPER.createObjectNode();
        o.put("timestamp", d.at().toString());
        boolean toCanary = d.action() == RolloutDecision.Action.ADVANCE || d.action() == RolloutDecision.Action.PROMOTE;
        o.put("from_version", d.action() == RolloutDecision.Action.ROLLBACK ? canary : primary);
        o.put("to_version", toCanary ? canary : primary);
        o.put("status", "analysis_" + d.action().key());
        ObjectNode a = o.putObject("analysis");
        a.put("decision", d.action().key());
        a.put("primary_version", primary);
        a.put("canary_version", canary);
        a.put("step", d.step());
        a.put("weight", d.weight());
        a.put("next_weight", d.nextWeight());
        a.put("reason", d.reason());
        var checks = a.putArray("checks");
        for (CheckResult c : d.checks()) {
            checks.add(ServerJson.MAPPER.valueToTree(c));
        }
        a.set("srm", ServerJson.MAPPER.valueToTree(d.srm()));
        byte[] line = (ServerJson.MAPPER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }
}
