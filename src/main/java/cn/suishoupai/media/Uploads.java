package cn.suishoupai.media;

import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.ClockProducer;
import cn.suishoupai.common.Times;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Photo-first uploads (issue 14): one photo per request, as {@code wx.uploadFile} sends it. The request does only
 * the cheap checks ({@link PhotoProcessor#inspect}: size, format by content, structure and declared pixel count)
 * and stages the original in PostgreSQL ({@link UploadStaging}) in the transaction that queues it; writing the
 * original to the object store, decoding, the display copy, thumbnail, hashes and EXIF facts are
 * {@link UploadWorkers}' job, fed from the {@code photo_upload} table. An upload belongs to its uploader, is taken by one report at most
 * ({@link #reserve}, {@link #attach}) and expires unused ({@link #sweep}).
 *
 * <p>Nothing is written to the object store before the upload row exists: the worker writes the original, display
 * copy and thumbnail under keys that follow from the row's {@code original_key}, so a second attempt overwrites the
 * first's, and the sweep deletes all three of an expired upload.
 */
@ApplicationScoped
@Startup
public class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class);
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final int SWEEP_BATCH = 100;
    /** How stale the backlog count behind the 503 may be. */
    private static final Duration BACKLOG_TTL = Duration.ofMillis(500);

    /** What a client sees: PROCESSING until a worker is done with it, then READY or FAILED. */
    @Schema(name = "UploadStatus")
    public enum Status {
        PROCESSING,
        READY,
        FAILED
    }

    /**
     * Why processing gave up on an upload: a {@link PhotoRejected.Reason} (UNDECODABLE, DECODE_TIMEOUT,
     * TOO_MANY_PIXELS …), CHECKSUM_MISMATCH (not the bytes the client hashed) or PROCESSING_FAILED (tried
     * {@code max-attempts} times).
     */
    @Schema(name = "UploadFailure")
    public record Failure(String code, String detail) {}

    @Schema(name = "Upload")
    public record View(
            long id,
            Status status,
            String format,
            long bytes,

            @Schema(description = "declared by the header while PROCESSING, the upright size once READY")
            int width,

            int height,
            Instant createdAt,

            @Schema(description = "unused, the upload and its objects are deleted then")
            Instant expiresAt,

            @Schema(description = "the report that took it, if one did")
            Long reportId,

            @Schema(description = "READY: short-lived link to the display copy (no metadata)")
            String url,

            @Schema(description = "READY: short-lived link to the thumbnail")
            String thumbnailUrl,

            @Schema(description = "READY: SHA-256 of the original bytes")
            String sha256,

            @Schema(description = "FAILED: why") Failure failure) {}

    /** How one of a report's uploads stands: still processing, READY with its stored photo, or FAILED. */
    public record Outcome(long uploadId, int position, Status status, PhotoStore.Stored stored, String failure) {}

    private final EntityManager em;
    private final ObjectStorage storage;
    private final UploadStaging staging;
    private final PhotoConfig photos;
    private final UploadConfig config;
    private final AdvisoryLocks locks;
    private final Clock clock;
    private final AtomicLong backlog = new AtomicLong();
    private volatile Instant backlogCountedAt = Instant.EPOCH;
    private final UploadWorkers workers;

    Uploads(
            EntityManager em,
            ObjectStorage storage,
            UploadStaging staging,
            PhotoConfig photos,
            UploadConfig config,
            AdvisoryLocks locks,
            Clock clock,
            MeterRegistry meters,
            UploadWorkers workers) {
        this.em = em;
        this.storage = storage;
        this.staging = staging;
        this.photos = photos;
        this.config = config;
        this.locks = locks;
        this.clock = clock;
        this.workers = workers;
        // counted on scrape too (at most every 0.5 s), and registered at start (@Startup): the dashboard reads it
        meters.gauge("suishoupai.uploads.backlog", this, Uploads::backlog);
    }

    // ------------------------------------------------------------------ the upload request

    /**
     * Checks one uploaded file cheaply, stages its bytes and queues it for processing, in one transaction: the answer
     * does not wait for the object store. Refusals, in order: 503
     * uploads-busy (backlog beyond max-backlog), 429 upload-limit (the account holds max-pending-per-account unused
     * uploads), 413/415/422 for the file itself (as a report's photo).
     */
    public View accept(Actor actor, String fileName, Path file, String clientSha256) {
        long accountId = actor.id();
        Instant now = clock.instant();
        if (backlog() >= config.maxBacklog()) {
            throw busy();
        }
        checkCap(accountId, now); // cheap and without a lock first; again under the lock below
        PhotoProcessor.Inspected inspected;
        try {
            inspected = PhotoProcessor.inspect(file, photos.limits());
        } catch (PhotoRejected r) {
            throw PhotoStore.refusal(r, 0, fileName);
        }
        long size = size(file);
        String base = "uploads/" + DAY_PATH.format(LocalDate.ofInstant(now, ClockProducer.BUSINESS_ZONE)) + "/"
                + UUID.randomUUID();
        String originalKey = keys(base).get(0);
        long id = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock("photo-upload:" + accountId);
            checkCap(accountId, now);
            Number newId = (Number) em.createNativeQuery("""
                    insert into photo_upload (account_id, state, file_name, format, bytes, width, height,
                                              original_key, client_sha256, created_at, expires_at)
                    values (?1, 'PENDING', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) returning id""")
                    .setParameter(1, accountId)
                    .setParameter(2, fileName == null ? null : fileName.substring(0, Math.min(255, fileName.length())))
                    .setParameter(3, inspected.format().name())
                    .setParameter(4, size)
                    .setParameter(5, inspected.width())
                    .setParameter(6, inspected.height())
                    .setParameter(7, originalKey)
                    .setParameter(8, clientSha256 == null ? null : clientSha256.toLowerCase(Locale.ROOT))
                    .setParameter(9, now)
                    .setParameter(10, now.plus(config.expiry()))
                    .getSingleResult();
            staging.stage(newId.longValue(), file, size);
            return newId.longValue();
        });
        backlog.incrementAndGet();
        workers.wake();
        return new View(
                id,
                Status.PROCESSING,
                inspected.format().name(),
                size,
                inspected.width(),
                inspected.height(),
                now,
                now.plus(config.expiry()),
                null,
                null,
                null,
                null,
                null);
    }

    /** The keys of an upload: original, display copy, thumbnail (the worker's keys follow from the original's). */
    static List<String> keys(String base) {
        return List.of(base + "-original", base + "-display.jpg", base + "-thumb.jpg");
    }

    static String displayKey(String originalKey) {
        return originalKey.substring(0, originalKey.length() - "-original".length()) + "-display.jpg";
    }

    static String thumbKey(String originalKey) {
        return originalKey.substring(0, originalKey.length() - "-original".length()) + "-thumb.jpg";
    }

    private void checkCap(long accountId, Instant now) {
        Object[] row = (Object[]) em.createNativeQuery("select count(*), min(expires_at) from photo_upload "
                        + "where account_id = ?1 and report_id is null and expires_at > ?2")
                .setParameter(1, accountId)
                .setParameter(2, now)
                .getSingleResult();
        long pending = ((Number) row[0]).longValue();
        if (pending >= config.maxPendingPerAccount()) {
            Instant oldest = Times.instant(row[1]);
            long seconds = Math.max(1, (Duration.between(now, oldest).toMillis() + 999) / 1000);
            throw new ApiException(429, "upload-limit", config.maxPendingPerAccount())
                    .with("limit", config.maxPendingPerAccount())
                    .header("Retry-After", String.valueOf(seconds));
        }
    }

    ApiException busy() {
        return new ApiException(503, "uploads-busy")
                .header(
                        "Retry-After",
                        String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
    }

    /** Uploads waiting for or in processing, service-wide; counted at most every half second. */
    public long backlog() {
        Instant now = Instant.now();
        if (Duration.between(backlogCountedAt, now).compareTo(BACKLOG_TTL) > 0) {
            refreshBacklog();
        }
        return backlog.get();
    }

    long refreshBacklog() {
        Number n = QuarkusTransaction.requiringNew().call(() -> (Number)
                em.createNativeQuery("select count(*) from photo_upload where state in ('PENDING', 'PROCESSING')")
                        .getSingleResult());
        backlog.set(n.longValue());
        backlogCountedAt = Instant.now();
        return n.longValue();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the owner's view

    /** The caller's own upload; anyone else's, or one already gone, is 404 upload-not-found. */
    @Transactional
    public View view(Actor actor, long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, state, format, bytes, width, height, created_at, expires_at, report_id,
                       display_key, thumb_key, sha256, failure, failure_detail
                from photo_upload where id = ?1 and account_id = ?2""")
                .setParameter(1, id)
                .setParameter(2, actor.id())
                .getResultList();
        if (rows.isEmpty()) {
            throw ApiException.notFound("upload-not-found", String.valueOf(id));
        }
        Object[] r = rows.get(0);
        Status status = status((String) r[1]);
        boolean ready = status == Status.READY;
        return new View(
                ((Number) r[0]).longValue(),
                status,
                (String) r[2],
                ((Number) r[3]).longValue(),
                ((Number) r[4]).intValue(),
                ((Number) r[5]).intValue(),
                Times.instant(r[6]),
                Times.instant(r[7]),
                r[8] == null ? null : ((Number) r[8]).longValue(),
                ready ? storage.presignedGet((String) r[9]) : null,
                ready ? storage.presignedGet((String) r[10]) : null,
                ready ? (String) r[11] : null,
                status == Status.FAILED ? new Failure((String) r[12], (String) r[13]) : null);
    }

    static Status status(String state) {
        return switch (state) {
            case "READY" -> Status.READY;
            case "FAILED" -> Status.FAILED;
            default -> Status.PROCESSING;
        };
    }

    // ------------------------------------------------------------------ taken by a report

    /**
     * Locks the uploads a report names, in the caller's transaction, and checks each is the account's own, unused and
     * unexpired: otherwise 422 invalid-field {@code photoIds} (someone else's id is answered exactly like one that
     * does not exist). Returns their states by id. A worker finishing one of them meanwhile waits for the lock, so it
     * sees the report once it may.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Long, Status> reserve(long accountId, List<Long> ids) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, account_id, report_id, expires_at, state from photo_upload "
                                + "where id in (?1) order by id for update")
                .setParameter(1, ids)
                .getResultList();
        Map<Long, Object[]> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(((Number) r[0]).longValue(), r));
        Map<Long, Status> states = new LinkedHashMap<>();
        for (Long id : ids) {
            Object[] r = byId.get(id);
            if (r == null || r[1] == null || ((Number) r[1]).longValue() != accountId) {
                throw ApiException.invalidField("photoIds", "field.photo-ids.unknown", String.valueOf(id))
                        .with("photoId", id);
            }
            if (r[2] != null) {
                throw ApiException.invalidField("photoIds", "field.photo-ids.used", String.valueOf(id))
                        .with("photoId", id);
            }
            if (!Times.instant(r[3]).isAfter(now)) {
                throw ApiException.invalidField("photoIds", "field.photo-ids.expired", String.valueOf(id))
                        .with("photoId", id);
            }
            states.put(id, status((String) r[4]));
        }
        return states;
    }

    /**
     * Gives reserved uploads to a report, in this order (their photo order). An anonymous report's uploads forget
     * their account and file name: nothing may tie the account to it (DOMAIN §9).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attach(List<Long> ids, long reportId, boolean anonymous) {
        Instant now = clock.instant();
        for (int i = 0; i < ids.size(); i++) {
            em.createNativeQuery("""
                    update photo_upload set report_id = ?1, report_seq = ?2, used_at = ?3,
                        account_id = case when ?4 then null else account_id end,
                        file_name = case when ?4 then null else file_name end
                    where id = ?5 and report_id is null""")
                    .setParameter(1, reportId)
                    .setParameter(2, i)
                    .setParameter(3, now)
                    .setParameter(4, anonymous)
                    .setParameter(5, ids.get(i))
                    .executeUpdate();
        }
    }

    /**
     * How a report's uploads stand, in photo order. The READY ones carry the stored photo, numbered 0… among
     * themselves (the photo rows' seq).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> ofReport(long reportId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery("""
                select id, report_seq, state, file_name, format, bytes, width, height, original_key, display_key,
                       thumb_key, sha256, phash, exif_present, exif_lat, exif_lng, taken_at, failure
                from photo_upload where report_id = ?1 order by report_seq""").setParameter(1, reportId).getResultList();
        List<Outcome> out = new ArrayList<>(rows.size());
        int seq = 0;
        for (Object[] r : rows) {
            Status status = status((String) r[2]);
            PhotoStore.Stored stored = null;
            if (status == Status.READY) {
                Double lat = r[14] == null ? null : ((Number) r[14]).doubleValue();
                Double lng = r[15] == null ? null : ((Number) r[15]).doubleValue();
                Exif exif = new Exif(Boolean.TRUE.equals(r[13]), lat, lng, Times.instant(r[16]));
                stored = new PhotoStore.Stored(
                        seq++,
                        (String) r[3],
                        PhotoFormat.valueOf((String) r[4]),
                        ((Number) r[5]).longValue(),
                        ((Number) r[6]).intValue(),
                        ((Number) r[7]).intValue(),
                        (String) r[8],
                        (String) r[9],
                        (String) r[10],
                        (String) r[11],
                        (String) r[12],
                        exif);
            }
            out.add(new Outcome(
                    ((Number) r[0]).longValue(), ((Number) r[1]).intValue(), status, stored, (String) r[17]));
        }
        return out;
    }

    /**
     * The report has made its photo rows from these uploads (or dropped them): the rows are swept at expiry, their
     * objects only where no photo row uses them (a failed upload's original).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void consumed(long reportId) {
        em.createNativeQuery("update photo_upload set consumed_at = ?1 where report_id = ?2 and consumed_at is null")
                .setParameter(1, clock.instant())
                .setParameter(2, reportId)
                .executeUpdate();
    }

    // ------------------------------------------------------------------ expiry

    @Scheduled(
            every = "${suishoupai.uploads.sweep-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("Upload sweep failed, the next one tries again: %s", e.toString());
        }
    }

    /**
     * Deletes expired uploads: unused ones with their objects, and the rows of those a report has finished with
     * (their objects now belong to its photos; a failed one's original is deleted). An upload a worker holds under a
     * live lease is left to the next sweep. Safe on many instances ({@code skip locked}). Returns the rows deleted.
     */
    public int sweep() {
        int deleted = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(this::sweepBatch);
            deleted += n;
            if (n < SWEEP_BATCH) {
                if (deleted > 0) {
                    LOG.infof("Swept %d expired uploads", deleted);
                }
                return deleted;
            }
        }
    }

    private int sweepBatch() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select id, original_key from photo_upload
                where expires_at <= ?1 and (report_id is null or consumed_at is not null)
                  and not (state = 'PROCESSING' and lease_until > ?1)
                order by expires_at limit ?2 for update skip locked""")
                .setParameter(1, now)
                .setParameter(2, SWEEP_BATCH)
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<String> keys = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Object[] r : rows) {
            ids.add(((Number) r[0]).longValue());
            keys.addAll(keys(base((String) r[1])));
        }
        @SuppressWarnings("unchecked")
        List<String> used = em.createNativeQuery(
                        "select k from photo, unnest(array[original_key, display_key, thumb_key]) k where k in (?1)")
                .setParameter(1, keys)
                .getResultList();
        Set<String> keep = new HashSet<>(used);
        for (String key : keys) {
            if (!keep.contains(key)) {
                storage.delete(key); // missing objects (never processed) are fine
            }
        }
        em.createNativeQuery("delete from photo_upload where id in (?1)")
                .setParameter(1, ids)
                .executeUpdate();
        return ids.size();
    }

    static String base(String originalKey) {
        return originalKey.substring(0, originalKey.length() - "-original".length());
    }
}
