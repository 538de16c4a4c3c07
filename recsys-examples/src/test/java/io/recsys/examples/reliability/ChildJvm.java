package io.recsys.examples.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a test main on this JVM's class path, with its standard output read line
 * by line into a queue so that a test can synchronise on what the child reports. The child's
 * standard input stays open: the test mains exit when it closes, so a child never outlives a
 * test JVM that died.
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died: the EOF marker below tells the test
            }
            lines.add(EOF);
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java -cp <this class path> mainClass args...}.
     *
     * @param stderr where the child's standard error goes
     */
    static ChildJvm start(String mainClass, Path stderr, String... args) throws IOException {
        return start(List.of(), mainClass, stderr, args);
    }

    /**
     * Starts {@code java <jvmOptions> -cp <this class path> mainClass args...}.
     *
     * @param jvmOptions extra options, e.g. system properties
     * @param stderr where the child's standard error goes
     */
    static ChildJvm start(List<String> jvmOptions, String mainClass, Path stderr, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var cmd = new ArrayList<String>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        return new ChildJvm(p);
    }

    /**
     * @return the next line the child printed
     * @throws IllegalStateException when the child ended or printed nothing within the timeout
     */
    String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException("The child printed nothing for " + timeout + "; last lines: " + tail());
        }
        if (line.equals(EOF)) {
            lines.add(EOF);
            throw new IllegalStateException("The child ended (exit " + exitValueOrRunning() + "); last lines: " + tail());
        }
        seen.add(line);
        return line;
    }

    /** @return the first line starting with {@code prefix}, reading on until it comes */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("No line starting with '" + prefix + "' within " + timeout + "; last lines: " + tail());
            }
            String line = nextLine(Duration.ofNanos(left));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Writes one line to the child's standard input. */
    void send(String line) throws IOException {
        var out = process.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** @return lines read so far */
    List<String> seen() {
        return seen;
    }

    private String tail() {
        return seen.subList(Math.max(0, seen.size() - 5), seen.size()).toString();
    }

    private String exitValueOrRunning() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
