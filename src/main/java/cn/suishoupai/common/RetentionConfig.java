package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Data lifecycle (docs/OPERATIONS.md §13): how long rows and objects that have served their purpose are kept. Each
 * owning package runs its own job every {@link #interval()}, in batches of {@link #batchSize()} rows locked with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of instances may run it at once.
 */
@ConfigMapping(prefix = "suishoupai.retention")
public interface RetentionConfig {

    /** How often each instance runs the retention jobs; {@code off} stops them. */
    @WithDefault("1h")
    String interval();

    /** Rows (photos) one transaction handles at most. */
    @WithDefault("500")
    int batchSize();

    /** Idempotency records after they were created (a retry later than this creates again); at least 24 hours. */
    @WithDefault("P2D")
    Duration idempotencyKeys();

    /**
     * SMS codes after they expired; at least 24 hours, because the per-phone daily limit counts the codes sent in
     * the last 24 hours.
     */
    @WithDefault("P2D")
    Duration smsChallenges();

    /**
     * Delivered outbox rows after their delivery, with their delivery records and the in-app notices made from them
     * (the residents' and staff's notice lists reach back this far). Given-up rows stay until an admin retries them.
     */
    @WithDefault("P90D")
    Duration deliveredOutbox();

    /**
     * Photo originals (with the resident's GPS EXIF) after the photo's case ended (ticket closed or cancelled, report
     * not taken on): then replaced by the stripped display copy.
     */
    @WithDefault("P180D")
    Duration photoOriginals();
}
