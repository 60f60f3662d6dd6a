package cn.suishoupai.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Runs one owner's retention delete in batches (docs/OPERATIONS.md §13). The owner writes the statement, with
 * {@code :before} and {@code :batch}, of the form
 * {@code delete from t where id in (select id from t where <old> order by ... limit :batch for update skip locked)}:
 * rows another instance is deleting are skipped, never waited for, and each batch is its own short transaction.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final RetentionConfig config;
    private final EntityManager em;

    Retention(RetentionConfig config, EntityManager em) {
        this.config = config;
        this.em = em;
    }

    /** Periods shorter than what the service relies on stop the start. */
    void onStart(@Observes StartupEvent ev) {
        check(config);
    }

    static void check(RetentionConfig c) {
        if (c.idempotencyKeys().compareTo(Duration.ofHours(24)) < 0
                || c.smsChallenges().compareTo(Duration.ofHours(24)) < 0
                || c.deliveredOutbox().isNegative()
                || c.photoOriginals().isNegative()
                || c.batchSize() < 1) {
            throw new IllegalStateException(
                    "suishoupai.retention: idempotency-keys and sms-challenges must be at least "
                            + "PT24H, delivered-outbox and photo-originals not negative, batch-size positive");
        }
    }

    public RetentionConfig config() {
        return config;
    }

    /** Deletes batch after batch until one is short; returns how many rows went. */
    public long purge(String what, String sql, Instant before) {
        long total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery(sql)
                            .setParameter("before", before)
                            .setParameter("batch", config.batchSize())
                            .executeUpdate());
            total += n;
            if (n < config.batchSize()) {
                break;
            }
        }
        if (total > 0) {
            LOG.infof("Retention: removed %d %s older than %s", total, what, before);
        }
        return total;
    }
}
