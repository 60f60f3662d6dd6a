package cn.suishoupai.media;

import cn.suishoupai.common.Outbound;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jboss.logging.Logger;

/**
 * The service's one door to object storage (MinIO in production, the embedded S3 server locally).
 * The bucket is private; clients only ever get short-lived presigned GET URLs.
 */
@ApplicationScoped
public class ObjectStorage {

    private static final Logger LOG = Logger.getLogger(ObjectStorage.class);
    /** S3 calls one instance makes at once (beyond it they queue in the client). */
    private static final int MAX_CONCURRENT_CALLS = 64;

    private final StorageConfig config;
    private final MinioClient client;
    /** Signs URLs for the public endpoint; presigning is offline, so this client never connects. */
    private final MinioClient presigner;

    private volatile boolean bucketReady;

    public ObjectStorage(StorageConfig config) {
        this.config = config;
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .httpClient(httpClient(), true)
                .build();
        this.presigner = MinioClient.builder()
                .endpoint(config.publicEndpoint().orElse(config.endpoint()))
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
    }

    /**
     * MinIO's default HTTP client (its 5-minute timeouts), except that its calls are not queued behind OkHttp's
     * default of 5 requests per host (every call of the synchronous client goes through the dispatcher, so 16 request
     * threads and the upload workers would otherwise wait for each other's PUTs), and with every call an
     * OpenTelemetry client span ({@code s3 GET}, {@code s3 PUT} ...; common.Outbound).
     */
    private static OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_CONCURRENT_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_CALLS);
        long timeout = TimeUnit.MINUTES.toMillis(5);
        return HttpUtils.newDefaultHttpClient(timeout, timeout, timeout)
                .newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_CONCURRENT_CALLS, 5, TimeUnit.MINUTES))
                .addInterceptor(chain -> {
                    Request request = chain.request();
                    Span span =
                            Outbound.start("s3", request.method(), request.url().uri());
                    try (Scope ignored = span.makeCurrent()) {
                        Response response = chain.proceed(request);
                        Outbound.status(span, response.code());
                        return response;
                    } catch (IOException | RuntimeException e) {
                        Outbound.failed(span, e);
                        throw e;
                    } finally {
                        span.end();
                    }
                })
                .build();
    }

    public String bucket() {
        return config.bucket();
    }

    /** Creates the bucket if missing; idempotent and cheap after the first success. */
    public void ensureBucket() {
        if (bucketReady) {
            return;
        }
        call(() -> {
            if (!client.bucketExists(
                    BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder()
                        .bucket(config.bucket())
                        .region(config.region())
                        .build());
                LOG.infof("Created bucket %s", config.bucket());
            }
            return null;
        });
        bucketReady = true;
    }

    /**
     * True when the storage answers and the bucket exists; used by the readiness check. Creates a
     * missing bucket, so an instance that started while storage was down becomes ready on its own.
     */
    public boolean reachable() {
        try {
            if (client.bucketExists(
                    BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                return true;
            }
            bucketReady = false;
            ensureBucket();
            return true;
        } catch (Exception e) {
            LOG.debugf("Object storage not reachable: %s", e.toString());
            return false;
        }
    }

    /**
     * Streams an object of unknown length (multipart under the hood), so a request body is never
     * held in memory whole.
     */
    public void put(String key, InputStream data, String contentType, Map<String, String> userMetadata) {
        ensureBucket();
        call(() -> client.putObject(
                PutObjectArgs.builder().bucket(config.bucket()).object(key).stream(data, -1, config.partSize())
                        .contentType(contentType)
                        .userMetadata(userMetadata)
                        .build()));
    }

    /** Same as {@link #put} for an object whose length is known: one PUT, not a multipart upload in 5 MiB parts. */
    public void put(String key, InputStream data, long length, String contentType) {
        ensureBucket();
        call(() -> client.putObject(PutObjectArgs.builder().bucket(config.bucket()).object(key).stream(
                        data,
                        length,
                        Math.max(ObjectWriteArgs.MIN_MULTIPART_SIZE, Math.min(length, ObjectWriteArgs.MAX_PART_SIZE)))
                .contentType(contentType)
                .build()));
    }

    /** Same as {@link #put(String, InputStream, long, String)} for a file. */
    public void put(String key, Path file, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in, Files.size(file), contentType);
        } catch (IOException e) {
            throw new StorageException("put " + key, new UncheckedIOException(e));
        }
    }

    public Optional<StoredObject> stat(String key) {
        try {
            StatObjectResponse r = client.statObject(
                    StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return Optional.of(new StoredObject(key, r.size(), r.contentType(), r.etag(), r.userMetadata()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())
                    || "NoSuchObject".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new StorageException("stat " + key, e);
        } catch (Exception e) {
            throw new StorageException("stat " + key, e);
        }
    }

    /** Opens the object for reading; the caller closes the stream. */
    public InputStream get(String key) {
        return call(() -> client.getObject(
                GetObjectArgs.builder().bucket(config.bucket()).object(key).build()));
    }

    /** Keys under a prefix, for operators and tests; recursive. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        for (io.minio.Result<io.minio.messages.Item> r : client.listObjects(io.minio.ListObjectsArgs.builder()
                .bucket(config.bucket())
                .prefix(prefix)
                .recursive(true)
                .build())) {
            keys.add(call(() -> r.get().objectName()));
        }
        return keys;
    }

    /** Deleting a missing object is not an error (S3 semantics), which keeps cleanup idempotent. */
    public void delete(String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(key)
                    .build());
            return null;
        });
    }

    public String presignedGet(String key) {
        return presignedGet(key, config.presignExpiry());
    }

    public String presignedGet(String key, Duration expiry) {
        return call(() -> presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET)
                .bucket(config.bucket())
                .object(key)
                .expiry((int) expiry.toSeconds())
                .build()));
    }

    public Duration presignExpiry() {
        return config.presignExpiry();
    }

    public record StoredObject(
            String key, long size, String contentType, String etag, Map<String, String> userMetadata) {}

    /** Storage is infrastructure: a failure is a 5xx for the caller, with the cause in the log. */
    public static class StorageException extends RuntimeException {
        public StorageException(String what, Throwable cause) {
            super("Object storage failure: " + what, cause);
        }
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run() throws IOException, GeneralSecurityException, io.minio.errors.MinioException;
    }

    private static <T> T call(StorageCall<T> c) {
        try {
            return c.run();
        } catch (IOException e) {
            throw new StorageException(e.getMessage(), new UncheckedIOException(e));
        } catch (GeneralSecurityException | io.minio.errors.MinioException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }
}
