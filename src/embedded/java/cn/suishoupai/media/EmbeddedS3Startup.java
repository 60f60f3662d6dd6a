package cn.suishoupai.media;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Local run only: starts the embedded S3 server on the port of suishoupai.storage.endpoint before
 * anything touches storage. Objects live under data-dir, so they survive a restart.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class EmbeddedS3Startup {

    private static final Logger LOG = Logger.getLogger(EmbeddedS3Startup.class);
    private EmbeddedS3Server server;

    void start(@Observes @Priority(1) StartupEvent ev, StorageConfig config) throws Exception {
        if (!config.embedded().enabled()) {
            return;
        }
        URI uri = URI.create(config.endpoint());
        Path dir = Path.of(config.embedded().dataDir());
        server = EmbeddedS3Server.start(dir, uri.getPort(), config.accessKey(), config.secretKey());
        LOG.infof("Embedded S3 server on %s, data in %s", server.endpoint(), dir.toAbsolutePath());
    }

    void stop(@Observes ShutdownEvent ev) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
