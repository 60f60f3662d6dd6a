package cn.suishoupai.media;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when object storage answers: without it no report can be accepted. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    private final ObjectStorage storage;

    StorageReadiness(ObjectStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-storage")
                .status(storage.reachable())
                .withData("bucket", storage.bucket())
                .build();
    }
}
