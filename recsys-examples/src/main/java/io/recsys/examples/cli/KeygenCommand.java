package io.recsys.examples.cli;

import io.recsys.core.signing.SigningKeys;
import io.recsys.core.signing.VersionSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recsys keygen}: a new Ed25519 key pair for signing versions. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create an Ed25519 key pair for signing model versions: NAME.key (owner-only; keep it outside"
                + " the registry, give it to `export --signing-key`) and NAME.pub (give it to `serve --trust-key`"
                + " and `verify --trust-key`). Prints the key id.")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "Path and name of the key pair without extension, e.g. keys/release")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path priv = out.resolveSibling(out.getFileName() + ".key");
        Path parent = priv.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String id = SigningKeys.generate(priv, VersionSigner.publicKeyFileOf(priv));
        System.out.println(id);
        System.err.println("Wrote " + priv + " (private: keep it out of the registry) and "
                + VersionSigner.publicKeyFileOf(priv) + " (public)");
        return 0;
    }
}
