package cn.suishoupai.media;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the bucket at start when storage is up. Storage being down at start is not fatal:
 * readiness reports it and the first write retries {@link ObjectStorage#ensureBucket()}.
 */
@ApplicationScoped
class StorageStartup {

    private static final Logger LOG = Logger.getLogger(StorageStartup.class);

    void onStart(@Observes @Priority(100) StartupEvent ev, ObjectStorage storage) {
        try {
            storage.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("Object storage not ready at start (%s); readiness will report it", e.getMessage());
        }
    }
}
