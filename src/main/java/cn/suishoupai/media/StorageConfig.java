package cn.suishoupai.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "suishoupai.storage")
public interface StorageConfig {

    /** S3 API endpoint the service talks to, e.g. http://minio:9000. Required. */
    String endpoint();

    /** Required. */
    String accessKey();

    /** Required. */
    String secretKey();

    @WithDefault("suishoupai")
    String bucket();

    /** Signing region; MinIO accepts any, and presigning with a fixed region needs no network call. */
    @WithDefault("us-east-1")
    String region();

    /** Endpoint clients use to fetch presigned URLs (a public host or CDN in front of MinIO). */
    Optional<String> publicEndpoint();

    /** Presigned URLs are short-lived: the server has checked the caller may see this object. */
    @WithDefault("PT5M")
    Duration presignExpiry();

    /** Part size for uploads of unknown length (S3 minimum is 5 MiB). */
    @WithDefault("10485760")
    long partSize();

    Embedded embedded();

    /** The embedded S3-compatible server of the local run; never in production builds. */
    interface Embedded {
        @WithDefault("false")
        boolean enabled();

        @WithDefault(".data/s3")
        String dataDir();
    }
}
