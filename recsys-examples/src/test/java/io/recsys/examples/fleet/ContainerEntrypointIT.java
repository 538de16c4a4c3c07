package io.recsys.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.registry.FileSystemModelRegistry;
import io.recsys.provenance.testing.SealedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the server as the container does: the {@code Dockerfile}'s {@code ENTRYPOINT},
 * {@code CMD} and {@code ENV}, read from the file itself, on the build's own {@code jlink} runtime
 * image ({@code target/recsys-runtime}) and CLI jar, with the container paths mapped to
 * directories of this test. Checks that the runtime has only the listed modules, that the
 * {@code HEALTHCHECK} command passes, that the admin key comes from the secret file, and that the
 * registry (read-only in the container) is left untouched while the serving state goes to the
 * state volume.
 */
class ContainerEntrypointIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path DOCKERFILE = MODULE.getParent().resolve("Dockerfile");
    private static final Path RUNTIME = MODULE.resolve("target/recsys-runtime");
    private static final Path JAR = MODULE.resolve("target/recsys.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** @return the JSON array of the first line starting with {@code instruction} (after any options) */
    private static List<String> execForm(List<String> dockerfile, String instruction) throws Exception {
        for (String line : dockerfile) {
            if (line.startsWith(instruction + " ")) {
                return JSON.readValue(line.substring(line.indexOf('[')), new TypeReference<List<String>>() { });
            }
        }
        throw new AssertionError("The Dockerfile has no " + instruction + " in exec form");
    }

    /** @return the variables of every {@code ENV K=V K=V} line */
    private static Map<String, String> env(List<String> dockerfile) {
        var out = new LinkedHashMap<String, String>();
        Pattern pair = Pattern.compile("([A-Z_]+)=(\\S+)");
        dockerfile.stream().filter(l -> l.startsWith("ENV ")).forEach(l -> {
            Matcher m = pair.matcher(l);
            while (m.find()) {
                out.put(m.group(1), m.group(2));
            }
        });
        return out;
    }

    @Test
    void theServerStartsFromTheJlinkImageAsTheContainerEntryPointDoes() throws Exception {
        assertThat(RUNTIME.resolve("bin/java")).as("the build's jlink image (recsys-examples' jlink profile)").isExecutable();
        List<String> dockerfile = Files.readAllLines(DOCKERFILE);

        // container paths on this machine
        var registry = new FileSystemModelRegistry(temp.resolve("registry"));
        SealedFixtures.publishPopularity(registry, temp, 1000, 30, 100);
        SealedFixtures.publishPopularity(registry, temp, 2000, 30, 100);
        Path state = Files.createDirectories(temp.resolve("state"));
        Path logs = Files.createDirectories(temp.resolve("logs"));
        Path secrets = Files.createDirectories(temp.resolve("secrets"));
        String key = "container-secret-key-0123456789abcdef";
        Files.writeString(secrets.resolve("model_admin_api_key"), key + "\n");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/opt/recsys/runtime", RUNTIME.toString());
        paths.put("/opt/recsys/recsys.jar", JAR.toString());
        paths.put("/run/secrets", secrets.toString());
        paths.put("/registry", registry.root().toString());
        paths.put("/state", state.toString());
        paths.put("/data/logs", logs.toString());

        var command = new ArrayList<String>();
        for (String arg : execForm(dockerfile, "ENTRYPOINT")) {
            command.add(mapped(arg, paths));
        }
        List<String> cmd = execForm(dockerfile, "CMD");
        for (int i = 0; i < cmd.size(); i++) {
            // the one change: an ephemeral port instead of the container's 8080
            command.add(i > 0 && cmd.get(i - 1).equals("--port") ? "0" : mapped(cmd.get(i), paths));
        }
        var env = new LinkedHashMap<String, String>();
        env(dockerfile).forEach((k, v) -> env.put(k, mapped(v, paths)));
        assertThat(env).containsKeys("RECSYS_SERVING_STATE_DIR", "MODEL_ADMIN_API_KEY_FILE");
        List<Path> registryBefore = tree(registry.root());

        try (ServerProcess server = ServerProcess.start(command, env, temp.resolve("container.log"))) {
            assertThat(server.process().info().command()).hasValue(RUNTIME.resolve("bin/java").toString());
            assertThat(server.json("/healthz").get("status").asText()).isEqualTo("ok");

            // the HEALTHCHECK command itself, against this port
            List<String> check = new ArrayList<>(execForm(dockerfile, "HEALTHCHECK"));
            check.replaceAll(a -> a.replace("127.0.0.1/8080", "127.0.0.1/" + server.port()));
            Process probe = new ProcessBuilder(check).redirectErrorStream(true).start();
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.exitValue()).as(new String(probe.getInputStream().readAllBytes())).isZero();

            // the admin key is the secret file's (the test's default key is refused)
            assertThat(server.get("/switch?model=v0.1").statusCode()).isEqualTo(401);
            var client = java.net.http.HttpClient.newHttpClient();
            var switched = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port() + "/switch?model=v0.1"))
                            .header("X-API-Key", key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            assertThat(server.json("/recommend/5?k=2").get("model").asText()).isEqualTo("v0.1");
        }
        // the serving state and heartbeats went to the state volume; the registry is as it was
        assertThat(state.resolve("serving_state.json")).isRegularFile();
        assertThat(tree(registry.root())).isEqualTo(registryBefore);
        // only the modules the pom lists (jdeps' answer plus jdk.crypto.ec), not a whole JDK
        String modules = Files.readAllLines(RUNTIME.resolve("release")).stream().filter(l -> l.startsWith("MODULES="))
                .findFirst().orElseThrow();
        List<String> listed = List.of(modules.substring("MODULES=\"".length(), modules.length() - 1).split(" "));
        assertThat(listed).contains("java.base", "jdk.httpserver", "jdk.crypto.ec", "java.net.http")
                .doesNotContain("jdk.compiler", "jdk.jshell", "jdk.jdwp.agent").hasSizeLessThan(25);
    }

    private static String mapped(String arg, Map<String, String> paths) {
        for (var e : paths.entrySet()) {
            if (arg.equals(e.getKey()) || arg.startsWith(e.getKey() + "/")) {
                return e.getValue() + arg.substring(e.getKey().length());
            }
        }
        return arg;
    }

    private static List<Path> tree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(dir::relativize).sorted().toList();
        }
    }
}
