package io.recsys.examples.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One small file per replica in {@code <state dir>/fleet/}, saying what it serves: its id, the
 * generation of the serving state it applied, the versions it serves, whether it is ready and why
 * not. Each replica rewrites its own file (fsynced, atomic rename) when that changes and at least
 * every heartbeat interval, and reads every file to show the fleet on {@code /rollout/status}.
 * The files are untrusted: at most {@link #MAX_FILES} are read, each at most {@link #MAX_BYTES}
 * bytes, only regular files with a valid replica id as name, and every field is checked.
 */
final class FleetHeartbeats {
    static final String DIR = "fleet";
    static final int MAX_FILES = 128;
    static final int MAX_BYTES = 4096;
    private static final int MAX_TEXT = 300;
    /** Replica ids: also file names, so no separators, no dots first. */
    static final Pattern REPLICA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Heartbeats older than this are not shown at all: a replica gone for a day is not in the fleet. */
    private static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);
    private static final ObjectMapper JSON = ServerJson.MAPPER;

    /**
     * One replica's heartbeat, as stored and as shown.
     *
     * @param replicaId the replica
     * @param generation the serving-state generation it applied
     * @param primaryVersion its primary version, or null before a model serves
     * @param canaryVersion its canary (or B) version, or null
     * @param strategy its rollout strategy, or null
     * @param canaryPercentage its canary share
     * @param ready whether it serves the stored state
     * @param error why not, or null
     * @param updatedAt when it wrote this (ISO-8601)
     * @param stale set when read: the replica has not written for three heartbeat intervals
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Heartbeat(String replicaId, long generation, String primaryVersion, String canaryVersion, String strategy,
                     double canaryPercentage, boolean ready, String error, String updatedAt, Boolean stale) {
        /** @return the same heartbeat without its time and staleness, to tell whether anything changed */
        Heartbeat content() {
            return new Heartbeat(replicaId, generation, primaryVersion, canaryVersion, strategy, canaryPercentage, ready,
                    error, null, null);
        }
    }

    private final Path dir;

    /** @param stateDir the directory holding {@code serving_state.json} */
    FleetHeartbeats(Path stateDir) {
        this.dir = stateDir.resolve(DIR);
    }

    /** Writes {@code beat} durably as its replica's file. */
    void write(Heartbeat beat) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = JSON.writeValueAsBytes(beat);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("heartbeat larger than " + MAX_BYTES + " bytes");
        }
        Path file = dir.resolve(beat.replicaId() + ".json");
        StateFiles.replaceDurably(file, "." + beat.replicaId() + ".tmp-", bytes);
    }

    /** Removes a replica's file (a graceful stop: the replica leaves the fleet). */
    void remove(String replicaId) throws IOException {
        Files.deleteIfExists(dir.resolve(replicaId + ".json"));
    }

    /**
     * @param staleAfter age after which a heartbeat is marked stale
     * @return the valid heartbeats, by replica id; unreadable or invalid files are skipped
     */
    List<Heartbeat> read(Duration staleAfter, Instant now) {
        var out = new ArrayList<Heartbeat>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            int seen = 0;
            for (Path f : files) {
                if (++seen > MAX_FILES) {
                    break;
                }
                Heartbeat h = readOne(f, staleAfter, now);
                if (h != null) {
                    out.add(h);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory shows as an empty fleet; the replica's own state is still shown
        }
        out.sort(Comparator.comparing(Heartbeat::replicaId));
        return out;
    }

    private static Heartbeat readOne(Path f, Duration staleAfter, Instant now) {
        String name = f.getFileName().toString();
        String id = name.substring(0, name.length() - ".json".length());
        if (!REPLICA_ID.matcher(id).matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (var in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return null;
            }
            Heartbeat h = JSON.readValue(bytes, Heartbeat.class);
            if (h == null || !id.equals(h.replicaId()) || h.generation() < 0 || h.updatedAt() == null
                    || !Double.isFinite(h.canaryPercentage()) || tooLong(h.primaryVersion()) || tooLong(h.canaryVersion())
                    || tooLong(h.strategy()) || tooLong(h.error()) || tooLong(h.updatedAt())) {
                return null;
            }
            Instant at = Instant.parse(h.updatedAt());
            if (at.isBefore(now.minus(FORGOTTEN_AFTER))) {
                return null;
            }
            boolean stale = at.isBefore(now.minus(staleAfter));
            return new Heartbeat(h.replicaId(), h.generation(), h.primaryVersion(), h.canaryVersion(), h.strategy(),
                    h.canaryPercentage(), h.ready(), h.error() == null ? null : Router.sanitize(h.error()), h.updatedAt(),
                    stale);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean tooLong(String s) {
        return s != null && s.length() > MAX_TEXT;
    }
}
