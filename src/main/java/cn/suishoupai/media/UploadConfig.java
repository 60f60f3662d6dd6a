package cn.suishoupai.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Photo-first uploads ({@code POST /api/v1/uploads}) and the worker pool that processes them (issue 14). The
 * per-photo limits (size, pixels, decode deadline) are {@link PhotoConfig}'s.
 */
@ConfigMapping(prefix = "suishoupai.uploads")
public interface UploadConfig {

    /** An unused upload is deleted (row and objects) this long after it arrived. */
    @WithDefault("PT24H")
    Duration expiry();

    /** Unused, unexpired uploads one account may hold; one more is 429 upload-limit with Retry-After. */
    @WithDefault("30")
    int maxPendingPerAccount();

    /**
     * Uploads waiting for or in processing, service-wide, beyond which a new upload is refused at once with 503
     * uploads-busy and Retry-After: a backlog that would take minutes to drain is not accepted.
     */
    @WithDefault("2000")
    int maxBacklog();

    /**
     * Upload requests one instance receives at a time (each spools at most max-body-size to the temp disk, so this
     * bounds the temp disk); one more is refused before its body is read, 503 uploads-busy with Retry-After.
     */
    @WithDefault("32")
    int maxInFlight();

    /** The Retry-After of a 503 uploads-busy. */
    @WithDefault("PT5S")
    Duration retryAfter();

    /**
     * Processing threads per instance; default two per core. Decoding is CPU-bound, but a worker also waits for its
     * PUTs and transactions (about half of its time on two cores): one per core left a fifth of the CPU idle while a
     * backlog drained (docs/BENCHMARKS.md, "Photo-first intake").
     */
    OptionalInt workers();

    /** Uploads a worker round claims at once (at most the free threads). */
    @WithDefault("8")
    int batchSize();

    /** A claim holds its upload this long; a crashed worker's upload is claimed again after it. */
    @WithDefault("PT2M")
    Duration lease();

    /** Claims of one upload before it is given up as FAILED (PROCESSING_FAILED): a storage outage, a crash. */
    @WithDefault("5")
    int maxAttempts();

    /** How often each instance looks for uploads to process, besides being woken by each new one; "off" stops it. */
    @WithDefault("2s")
    String interval();

    /** Whether a new upload wakes the workers at once (tests drain the queue themselves). */
    @WithDefault("true")
    boolean wakeOnUpload();

    /** How often expired uploads are swept; "off" stops it. */
    @WithDefault("10m")
    String sweepInterval();
}
