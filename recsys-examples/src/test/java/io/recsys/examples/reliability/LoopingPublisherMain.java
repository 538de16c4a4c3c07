package io.recsys.examples.reliability;

import io.recsys.core.RegisteredVersion;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.core.popularity.PopularityModelLoader;
import io.recsys.provenance.manifest.GitInfo;
import io.recsys.provenance.manifest.ManifestWriter;
import io.recsys.provenance.manifest.ProvenanceExport;
import io.recsys.provenance.manifest.TrainingManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A publisher process for crash tests: trains nothing, but exports popularity models with a few
 * largish extra artifact files and a sealed training manifest through {@link ProvenanceExport},
 * in a loop, printing a line for every file the registry copies ({@code copying <file>}) and for
 * every version committed ({@code published vX.Y}), so that the parent can kill it at a chosen
 * point of an export (through the registry's public copy listener). Prints {@code ready} once started and begins exporting when it reads
 * {@code go} on its standard input; exits when its standard input closes (the parent died).
 *
 * <p>Arguments: registry directory, scratch directory, extra files per version, bytes per extra
 * file, most versions to publish.
 */
public final class LoopingPublisherMain {
    private LoopingPublisherMain() {
    }

    public static void main(String[] args) throws IOException {
        Path registryDir = Path.of(args[0]);
        Path scratch = Files.createDirectories(Path.of(args[1]));
        int blobs = Integer.parseInt(args[2]);
        int blobBytes = Integer.parseInt(args[3]);
        int most = Integer.parseInt(args[4]);
        var registry = new FileSystemModelRegistry(registryDir, target -> {
            System.out.println("copying " + target.getFileName());
            System.out.flush();
        });
        System.out.println("ready");
        System.out.flush();
        // Start publishing on "go"; end when the standard input closes (the parent died).
        var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(stdin.readLine())) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                while (stdin.readLine() != null) {
                    // keep reading until the parent closes the pipe
                }
            } catch (IOException e) {
                // treated as closed
            }
            Runtime.getRuntime().halt(3);
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        var random = new Random(ProcessHandle.current().pid());
        for (int n = 0; n < most; n++) {
            String build = "build-" + ProcessHandle.current().pid() + "-" + n;
            Path dir = Files.createDirectories(scratch.resolve(build).resolve(PopularityModelLoader.MODEL_NAME));
            long[] users = new long[200];
            long[] items = new long[200];
            for (int i = 0; i < users.length; i++) {
                users[i] = i;
                items[i] = random.nextInt(50);
            }
            PopularityModelLoader.write(dir, users, items);
            byte[] blob = new byte[blobBytes];
            for (int b = 0; b < blobs; b++) {
                random.nextBytes(blob);
                Files.write(dir.resolve("extra-" + b + ".bin"), blob);
            }
            TrainingManifest manifest = TrainingManifest.builder(PopularityModelLoader.MODEL_NAME).modelVersion(build)
                    .git(new GitInfo("207521e0d08abb271998cc9790a9d006e1b0f4eb", "main", "0"))
                    .datasetPath("synthetic").datasetVersion(build).artifactsFrom(dir).build();
            ManifestWriter.Written written = ManifestWriter.write(manifest, scratch.resolve(build));
            System.out.println("exporting " + build);
            System.out.flush();
            RegisteredVersion v = ProvenanceExport.publish(registry, dir, written.pointer());
            System.out.println("published " + v.version());
            System.out.flush();
        }
        System.out.println("done");
    }
}
