package cn.suishoupai.web;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The local run only (./mvnw quarkus:dev runs no npm itself): builds the web apps at start-up when
 * their sources changed since the last build, with the same script the Maven build runs
 * (src/main/webui/scripts/maven-build.mjs: npm ci when needed, then the build into suishoupai.web.dir,
 * served from there). Without Node it says so and the service starts without the console.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class WebDevBuild {

    private static final Logger LOG = Logger.getLogger(WebDevBuild.class);
    private static final Path WEBUI = Path.of("src/main/webui");

    void build(@Observes StartupEvent ev, WebConfig config) {
        if (!config.devBuild()
                || Boolean.getBoolean("webui.skip")
                || config.dir().isEmpty()) {
            return;
        }
        if (!Files.isRegularFile(WEBUI.resolve("scripts/maven-build.mjs"))) {
            return;
        }
        Path out = Path.of(config.dir().get()).toAbsolutePath();
        Path stamp = Path.of("target/webui/build.sha256").toAbsolutePath();
        try {
            Process p = new ProcessBuilder("node", "scripts/maven-build.mjs", out.toString(), stamp.toString())
                    .directory(WEBUI.toFile())
                    .redirectErrorStream(true)
                    .start();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(line -> LOG.info(line));
            }
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                LOG.warn("The web apps were not built (see above); /console/ and /h5/ serve the last build, if any");
            }
        } catch (IOException e) {
            LOG.warnf(
                    "The web apps were not built: %s. Install Node 20 (npm) for /console/ and /h5/, or pass -Dwebui.skip",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
