package io.recsys.provenance.sink;

import io.recsys.provenance.SinkOptions;
import io.recsys.provenance.manifest.Manifests;
import io.recsys.core.PredictionRecord;
import io.recsys.core.spi.ProvenanceSink;
import io.recsys.core.spi.ProvenanceSinkProvider;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An append-only JSON-lines log of served requests: one {@link ProvenanceJson} object (exactly
 * the fields of {@code reco_response.avsc}) per line, UTF-8, {@code \n}-terminated.
 *
 * <p>Files: {@code <prefix>-YYYY-MM-DD.jsonl} for the UTC day of writing (by the injected clock),
 * then {@code <prefix>-YYYY-MM-DD-1.jsonl}, {@code -2} ... when a file would exceed the size limit
 * (a single line longer than the limit gets a file of its own). A new sink continues the day's
 * highest-numbered file when it has room; if that file ends in a partial line (a crash mid-write),
 * a newline is added first so the partial line stays one malformed line that readers skip.
 *
 * <p>Guarantees: lines are buffered and handed to the operating system per the
 * {@link FlushPolicy}; with {@code fsync} each flush also forces them to the device. After
 * {@link #close()} returns, every accepted record is in the files. A record the schema cannot hold
 * (an id beyond int range, see {@link ProvenanceJson}) is rejected with an exception and counted
 * in {@link #rejected()}. Shadow records are not written (they were not served). Thread-safe.
 * Calling {@link #accept} after {@link #close()} throws {@link IllegalStateException}.
 */
public final class JsonLinesSink implements ProvenanceSink {

    /** Default size limit per file: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    /** Default file name prefix. */
    public static final String DEFAULT_PREFIX = "provenance";

    private final Path dir;
    private final String prefix;
    private final long maxFileBytes;
    private final FlushPolicy flushPolicy;
    private final boolean fsync;
    private final Clock clock;
    private final Pattern namePattern;
    private final ReentrantLock lock = new ReentrantLock();

    private LocalDate day;
    private int index;
    private Path file;
    private FileChannel channel;
    private OutputStream out;
    private long fileSize;
    private int unflushed;
    private long written;
    private long rejected;
    private boolean closed;
    /** The line being written (reused), and the generator writing into it (created once, again after a failure). */
    private final Utf8LineBuffer line = new Utf8LineBuffer();
    private JsonGenerator generator;
    /** The clock's last UTC day, and its [start, end) in epoch milliseconds. */
    private LocalDate clockDay;
    private long dayStartMillis = Long.MAX_VALUE;
    private long dayEndMillis = Long.MIN_VALUE;

    private JsonLinesSink(Builder b) {
        this.dir = b.dir;
        this.prefix = b.prefix;
        this.maxFileBytes = b.maxFileBytes;
        this.flushPolicy = b.flushPolicy;
        this.fsync = b.fsync;
        this.clock = b.clock;
        this.namePattern = Pattern.compile(Pattern.quote(prefix) + "-(\\d{4}-\\d{2}-\\d{2})(?:-(\\d{1,9}))?\\.jsonl");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create provenance log directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dir the directory for the log files (created if needed)
     * @return a builder: prefix {@value #DEFAULT_PREFIX}, 64 MiB files, flush every record, no fsync
     */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    @Override
    public void accept(PredictionRecord record) {
        if (record.shadow()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                // a record that arrives during shutdown is counted, never thrown into the request path
                rejected++;
                return;
            }
            // The line is built in a buffer reused for every record, so its length is known before
            // the file is chosen and nothing is allocated per record.
            line.reset();
            try {
                if (generator == null) {
                    generator = ProvenanceJson.lineGenerator(line);
                }
                ProvenanceJson.writeJsonLine(record, generator);
            } catch (IOException | RuntimeException e) {
                generator = null; // left mid-object
                rejected++;
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            int length = line.encode();
            prepare(length);
            line.writeTo(out);
            fileSize += length;
            written++;
            unflushed++;
            if (flushPolicy.everyRecords() > 0 && unflushed >= flushPolicy.everyRecords()) {
                flushLocked();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write provenance log " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Opens the right file for a line of {@code length} bytes: the current UTC day, with room. */
    private void prepare(int length) throws IOException {
        LocalDate today = today();
        if (channel != null && today.equals(day)) {
            if (fileSize == 0 || fileSize + length <= maxFileBytes) {
                return;
            }
            closeFile();
            open(today, index + 1);
            return;
        }
        closeFile();
        int last = highestIndex(today);
        if (last < 0) {
            open(today, 0);
            return;
        }
        Path existing = fileFor(today, last);
        long size = Files.size(existing);
        open(today, size == 0 || size + length + 1 <= maxFileBytes ? last : last + 1);
    }

    /** The clock's UTC day, computed again only when the clock leaves the last one. */
    private LocalDate today() {
        long now = clock.millis();
        if (clockDay == null || now < dayStartMillis || now >= dayEndMillis) {
            clockDay = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), ZoneOffset.UTC);
            dayStartMillis = clockDay.toEpochDay() * 86_400_000L;
            dayEndMillis = dayStartMillis + 86_400_000L;
        }
        return clockDay;
    }

    private void open(LocalDate d, int i) throws IOException {
        Path f = fileFor(d, i);
        boolean partialLine = false;
        if (Files.exists(f) && Files.size(f) > 0) {
            try (FileChannel r = FileChannel.open(f, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                r.read(last, r.size() - 1);
                partialLine = last.get(0) != '\n';
            }
        }
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (partialLine) {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        long size = ch.size();
        this.channel = ch;
        this.out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        this.day = d;
        this.index = i;
        this.file = f;
        this.fileSize = size;
    }

    private int highestIndex(LocalDate d) throws IOException {
        int best = -1;
        String dayText = d.toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "-" + dayText + "*.jsonl")) {
            for (Path p : ds) {
                Matcher m = namePattern.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(dayText)) {
                    best = Math.max(best, m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
                }
            }
        }
        return best;
    }

    private Path fileFor(LocalDate d, int i) {
        return dir.resolve(prefix + "-" + d + (i == 0 ? "" : "-" + i) + ".jsonl");
    }

    @Override
    public void flush() {
        lock.lock();
        try {
            flushLocked();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot flush provenance log " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() throws IOException {
        if (out != null) {
            out.flush();
            if (fsync) {
                channel.force(false);
            }
        }
        unflushed = 0;
    }

    private void closeFile() throws IOException {
        if (out != null) {
            flushLocked();
            out.close();
        }
        out = null;
        channel = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (out != null) {
                out.flush();
                channel.force(false);
                out.close();
            }
            out = null;
            channel = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close provenance log " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** @return the file being written, or null before the first record */
    public Path currentFile() {
        lock.lock();
        try {
            return file;
        } finally {
            lock.unlock();
        }
    }

    /** @return the directory of the log files */
    public Path directory() {
        return dir;
    }

    /** @return how many records were written */
    public long written() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many records were rejected: the schema cannot hold them, or they arrived after close */
    public long rejected() {
        lock.lock();
        try {
            return rejected;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String name() {
        return "jsonl";
    }

    /** Builder of {@link JsonLinesSink}. */
    public static final class Builder {
        private final Path dir;
        private String prefix = DEFAULT_PREFIX;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private FlushPolicy flushPolicy = FlushPolicy.everyRecord();
        private boolean fsync;
        private Clock clock = Clock.systemUTC();

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /** @param value file name prefix, a safe file name @return this */
        public Builder prefix(String value) {
            if (!Manifests.isSafeFileName(value)) {
                throw new IllegalArgumentException("Invalid file prefix '" + value + "'");
            }
            this.prefix = value;
            return this;
        }

        /** @param value size limit per file in bytes, at least 1 @return this */
        public Builder maxFileBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxFileBytes must be at least 1, got " + value);
            }
            this.maxFileBytes = value;
            return this;
        }

        /** @param value when to flush @return this */
        public Builder flushPolicy(FlushPolicy value) {
            this.flushPolicy = Objects.requireNonNull(value, "flushPolicy");
            return this;
        }

        /** @param value whether each flush also forces the data to the device @return this */
        public Builder fsync(boolean value) {
            this.fsync = value;
            return this;
        }

        /** @param value the clock that picks the day's file @return this */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @return the sink */
        public JsonLinesSink build() {
            return new JsonLinesSink(this);
        }
    }

    /**
     * Creates a {@link JsonLinesSink} by the name {@code jsonl}. Options: {@code dir} (required),
     * {@code prefix}, {@code max_file_bytes}, {@code flush_every} (records; 0 = only on
     * flush/close), {@code fsync} ({@code true}/{@code false}).
     */
    public static final class Provider implements ProvenanceSinkProvider {

        /** Used by {@code ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "jsonl";
        }

        @Override
        public ProvenanceSink create(Map<String, String> options) {
            Builder b = builder(Path.of(SinkOptions.required(options, "dir", "jsonl")))
                    .maxFileBytes(SinkOptions.longOption(options, "max_file_bytes", DEFAULT_MAX_FILE_BYTES))
                    .flushPolicy(new FlushPolicy(SinkOptions.intOption(options, "flush_every", 1)))
                    .fsync(Boolean.parseBoolean(options.getOrDefault("fsync", "false")));
            if (options.containsKey("prefix")) {
                b.prefix(options.get("prefix"));
            }
            return b.build();
        }
    }
}
