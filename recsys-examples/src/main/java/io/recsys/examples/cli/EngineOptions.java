package io.recsys.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code train}'s choice of engine: in this JVM (default) or a Spark job, and where to publish. */
final class EngineOptions {
    @Option(names = "--engine", defaultValue = "in-process", paramLabel = "ENGINE",
            description = "in-process (this JVM, the default) or spark (Spark MLlib ALS in a child JVM or on --master)")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark (default: ${DEFAULT-VALUE})", defaultValue = "local[2]")
    String master;

    @Option(names = {"--driver-memory", "--driver_memory"}, paramLabel = "SIZE", defaultValue = "2g",
            description = "Heap of the Spark job's JVM, e.g. 2g (default: ${DEFAULT-VALUE})")
    String driverMemory;

    @Option(names = "--registry", paramLabel = "DIR",
            description = "Also publish the trained version to this registry (with its manifest)")
    Path registry;

    /** @return true for the Spark engine */
    boolean spark() {
        return switch (engine.toLowerCase(Locale.ROOT)) {
            case "spark" -> true;
            case "in-process", "inprocess", "local", "als" -> false;
            default -> throw new IllegalArgumentException("Unknown --engine '" + engine + "'; use in-process or spark");
        };
    }
}
