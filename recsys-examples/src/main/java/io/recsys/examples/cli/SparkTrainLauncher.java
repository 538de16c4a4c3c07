package io.recsys.examples.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./recsys train --engine spark}: runs the Spark job ({@code io.recsys.spark.SparkAlsJob})
 * in a child JVM on the job class path the {@code recsys-spark} build writes
 * ({@code recsys-spark/target/spark-job.classpath}), so Spark never enters the CLI's jar. The
 * child gets the {@code --add-opens} flags Spark 3.5 needs on Java 17 and inherits this
 * process's standard streams and working directory.
 */
final class SparkTrainLauncher {
    static final String JOB_CLASS = "io.recsys.spark.SparkAlsJob";
    static final String CLASSPATH_FILE = "recsys-spark/target/spark-job.classpath";
    /** Overrides where the job class path file is looked for. */
    static final String CLASSPATH_ENV = "RECSYS_SPARK_CLASSPATH";
    static final String BUILD_HINT = "./mvnw -q -B -DskipTests -pl recsys-spark -am package";

    /** The flags Spark's own launcher adds on Java 17 (JavaModuleOptions); the same list as recsys-spark's pom. */
    static final List<String> JAVA17_FLAGS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkTrainLauncher() {
    }

    /** The {@code train} options as the job's arguments. */
    static List<String> jobArguments(AlsOptions als, EngineOptions engine, Path outputDir, String modelVersion,
                                     String dataVersion, Path manifestDir, boolean evaluate) {
        if (als.cgSteps != null) {
            throw new IllegalArgumentException("--cg-steps has no meaning with --engine spark (Spark solves each row exactly)");
        }
        if (als.threads != null) {
            throw new IllegalArgumentException("--threads has no meaning with --engine spark; use --master local[N]");
        }
        var args = new ArrayList<String>(List.of("--master", engine.master, "--ratings", als.ratings.toString(),
                "--format", als.format, "--output-dir", outputDir.toString()));
        add(args, "--rank", als.factors);
        add(args, "--iterations", als.iterations);
        add(args, "--reg-param", als.regularization);
        add(args, "--alpha", als.alpha);
        add(args, "--seed", als.seed);
        add(args, "--registry", engine.registry);
        add(args, "--model-version", modelVersion);
        add(args, "--data-version", dataVersion);
        add(args, "--manifest-dir", manifestDir);
        if (als.explicit) {
            args.add("--explicit");
        }
        if (als.skipMalformed) {
            args.add("--skip-malformed");
        }
        if (evaluate) {
            args.add("--evaluate");
        }
        return args;
    }

    /**
     * Runs the job and waits for it.
     *
     * @return 0 when the job succeeded, else 1
     * @throws IllegalStateException when the job is not built (naming the build command)
     */
    static int run(List<String> jobArgs, String driverMemory) throws IOException {
        if (!driverMemory.matches("[1-9][0-9]{0,5}[kKmMgG]")) {
            throw new IllegalArgumentException("--driver-memory '" + driverMemory + "': use a size such as 512m or 2g");
        }
        Path cpFile = classpathFile();
        Path classes = cpFile.resolveSibling("classes");
        if (!Files.isDirectory(classes.resolve("io/recsys/spark"))) {
            throw new IllegalArgumentException("The Spark job is not built (no " + classes + "); run: " + BUILD_HINT);
        }
        String deps = Files.readString(cpFile, StandardCharsets.UTF_8).trim();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + driverMemory);
        command.addAll(JAVA17_FLAGS);
        command.add("-cp");
        command.add(classes + java.io.File.pathSeparator + deps);
        command.add(JOB_CLASS);
        command.addAll(jobArgs);
        Process p = new ProcessBuilder(command).inheritIO().start();
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the Spark job ran; it was stopped", e);
        }
        if (status != 0) {
            System.err.printf(Locale.ROOT, "error: the Spark job failed (exit status %d)%n", status);
            return 1;
        }
        return 0;
    }

    /** {@value #CLASSPATH_ENV}, else the first {@value #CLASSPATH_FILE} above the working directory or the CLI jar. */
    static Path classpathFile() {
        String override = System.getenv(CLASSPATH_ENV);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(CLASSPATH_ENV + " names no file: " + p);
            }
            return p;
        }
        var starts = new ArrayList<Path>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(SparkTrainLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: the working directory alone decides
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(CLASSPATH_FILE);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("The Spark job is not built (no " + CLASSPATH_FILE + " found); run: " + BUILD_HINT
                + " (or set " + CLASSPATH_ENV + ")");
    }

    private static void add(List<String> args, String name, Object value) {
        if (value != null) {
            args.add(name);
            args.add(value.toString());
        }
    }
}
