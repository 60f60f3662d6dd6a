package cn.suishoupai.report;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.RetentionConfig;
import cn.suishoupai.media.PhotoOriginals;
import cn.suishoupai.ticket.TicketCancelled;
import cn.suishoupai.ticket.TicketClosed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Photo originals (with the resident's GPS EXIF) are replaced by their stripped display copies
 * suishoupai.retention.photo-originals (180 days) after the case ended (docs/OPERATIONS.md §13): a ticket closed or
 * cancelled ends the case of its own photos and of every report attached to it, a report not taken on (不予受理)
 * its own. Marking happens in the transaction of that change; the job, on every instance, strips batch by batch
 * (skip locked), each photo audited as {@code photo.original-removed} by {@code retention}.
 */
@ApplicationScoped
public class PhotoRetention {

    private static final Logger LOG = Logger.getLogger(PhotoRetention.class);
    static final String ACTION = "photo.original-removed";

    private final PhotoOriginals originals;
    private final RetentionConfig config;
    private final Audit audit;
    private final EntityManager em;
    private final Clock clock;

    PhotoRetention(PhotoOriginals originals, RetentionConfig config, Audit audit, EntityManager em, Clock clock) {
        this.originals = originals;
        this.config = config;
        this.audit = audit;
        this.em = em;
        this.clock = clock;
    }

    void onClosed(@Observes TicketClosed e) {
        ended(e.ticket().id);
    }

    void onCancelled(@Observes TicketCancelled e) {
        ended(e.ticket().id);
    }

    void onRejected(@Observes ReportRejected e) {
        originals.settle(null, List.of(e.reportId()), clock.instant());
    }

    private void ended(long ticketId) {
        @SuppressWarnings("unchecked")
        List<Number> reports = em.createNativeQuery("select id from report where ticket_id = ?1")
                .setParameter(1, ticketId)
                .getResultList();
        originals.settle(ticketId, reports.stream().map(Number::longValue).toList(), clock.instant());
    }

    @Scheduled(
            every = "${suishoupai.retention.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        run();
    }

    /** Strips every original due now; returns how many. */
    public int run() {
        Instant now = clock.instant();
        Instant settledBefore = now.minus(config.photoOriginals());
        int total = 0;
        while (true) {
            PhotoOriginals.Batch batch = QuarkusTransaction.requiringNew().call(() -> {
                PhotoOriginals.Batch b = originals.stripDue(settledBefore, config.batchSize(), now);
                for (PhotoOriginals.Stripped s : b.photos()) {
                    audit.record(
                            Actor.system("retention"),
                            ACTION,
                            Target.of("photo", s.photoId()),
                            "{\"reportId\":" + s.reportId() + ",\"ticketId\":" + s.ticketId() + "}");
                }
                return b;
            });
            originals.deleteOriginals(batch);
            total += batch.photos().size();
            if (batch.photos().size() < config.batchSize()) {
                break;
            }
        }
        if (total > 0) {
            LOG.infof("Retention: replaced %d photo originals by their display copies", total);
        }
        return total;
    }
}
