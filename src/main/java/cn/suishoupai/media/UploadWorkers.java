package cn.suishoupai.media;

import cn.suishoupai.common.Stopping;
import cn.suishoupai.common.Times;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The bounded worker pool that processes uploads ({@link Uploads}) from the {@code photo_upload} queue, on any
 * number of instances at once:
 * <ol>
 * <li>Claim: one short transaction leases up to the free threads' worth of PENDING uploads, or PROCESSING ones whose
 * lease ran out (a crashed worker), oldest first, {@code FOR UPDATE SKIP LOCKED}, and counts the attempt.</li>
 * <li>Process outside any transaction: copy the staged original ({@link UploadStaging}) into a temp file (one per
 * thread: the temp disk is bounded by the pool), run {@link PhotoProcessor} (decode, display copy, thumbnail, hashes,
 * EXIF facts) while the original is being stored, then store the display copy and thumbnail (both at once).</li>
 * <li>Record READY or FAILED in a transaction of its own, only while the claim still holds the row, and fire
 * {@link UploadProcessed} in it (report finishes a waiting report there).</li>
 * </ol>
 * A storage failure leaves the upload claimed; it is tried again when the lease runs out, and after
 * {@code max-attempts} claims it is FAILED (PROCESSING_FAILED). Memory is bounded by the threads: each decodes one
 * photo at a time (subsampled, see {@link PhotoProcessor}).
 *
 * <p>Started by a new upload ({@link #wake}) and by a tick every {@code suishoupai.uploads.interval}; each finished
 * upload claims the next, so a backlog drains continuously. Tests turn both off and call {@link #drain()}.
 */
@ApplicationScoped
public class UploadWorkers {

    private static final Logger LOG = Logger.getLogger(UploadWorkers.class);
    private static final int DETAIL_MAX = 300;

    /** One claimed upload, detached from the claim's transaction. */
    public record Claimed(
            long id,
            UUID token,
            String originalKey,
            PhotoFormat format,
            String clientSha256,
            int attempts,
            Instant createdAt) {}

    private final EntityManager em;
    private final ObjectStorage storage;
    private final UploadStaging staging;
    private final PhotoConfig photos;
    private final UploadConfig config;
    private final Clock clock;
    private final Event<UploadProcessed> events;
    private final PhotoProcessor processor = new PhotoProcessor();
    private final int threads;
    private final Semaphore slots;
    private final ExecutorService pool;
    private final ExecutorService feeder;
    private final ExecutorService io;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean running;
    private final Path tempDir;

    private final Counter ready;
    private final Counter failed;
    private final Counter retried;
    private final Timer processing;
    private final Timer waited;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong sinceIdle = new AtomicLong();
    private volatile Instant busySince;

    UploadWorkers(
            EntityManager em,
            ObjectStorage storage,
            UploadStaging staging,
            PhotoConfig photos,
            UploadConfig config,
            Clock clock,
            Event<UploadProcessed> events,
            MeterRegistry meters) {
        this.em = em;
        this.storage = storage;
        this.staging = staging;
        this.photos = photos;
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.threads =
                Math.max(1, config.workers().orElse(2 * Runtime.getRuntime().availableProcessors()));
        this.slots = new Semaphore(threads);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "upload-" + n.incrementAndGet());
            t.setDaemon(true);
            // Background work: with -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 (the image's and
            // the benchmarks' JVM options) these threads run at nice 19, so request threads preempt decoding and
            // the pool still takes every idle cycle. Without the options Java ignores thread priorities on Linux.
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        AtomicInteger m = new AtomicInteger();
        // PUTs to the store run here so that they overlap the workers' decoding; at most two per worker at a time
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upload-store-" + m.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.feeder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "upload-feeder");
            t.setDaemon(true);
            return t;
        });
        this.tempDir = Path.of(System.getProperty("java.io.tmpdir"), "suishoupai-processing");
        this.ready = meters.counter("suishoupai.uploads.processed", "outcome", "ready");
        this.failed = meters.counter("suishoupai.uploads.processed", "outcome", "failed");
        this.retried = meters.counter("suishoupai.uploads.retried");
        this.processing = meters.timer("suishoupai.uploads.processing");
        this.waited = meters.timer("suishoupai.uploads.wait");
        meters.gauge("suishoupai.uploads.workers.busy", busy);
    }

    void onStart(@Observes StartupEvent ev) {
        if (config.batchSize() < 1
                || config.maxAttempts() < 1
                || config.lease().compareTo(photos.decodeTimeout()) <= 0) {
            throw new IllegalStateException("suishoupai.uploads: batch-size and max-attempts must be positive and the "
                    + "lease longer than suishoupai.photos.decode-timeout");
        }
        running = true;
        LOG.infof(
                "Upload workers: %d threads, lease %s, every %s%s",
                threads, config.lease(), config.interval(), config.wakeOnUpload() ? " and on each upload" : "");
    }

    @PreDestroy
    void stop() {
        running = false;
        feeder.shutdownNow();
        pool.shutdownNow();
        io.shutdownNow();
    }

    public int threads() {
        return threads;
    }

    /** A new upload is queued: claim it now rather than at the next tick (coalesced; never blocks the caller). */
    void wake() {
        if (running && config.wakeOnUpload() && wakePending.compareAndSet(false, true)) {
            feeder.execute(() -> {
                wakePending.set(false);
                feed();
            });
        }
    }

    @Scheduled(
            every = "${suishoupai.uploads.interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        feed();
    }

    /** Claims as many uploads as there are free threads and hands them to the pool; each finished one feeds again. */
    void feed() {
        if (!running) {
            return;
        }
        while (true) {
            int free = Math.min(slots.availablePermits(), config.batchSize());
            if (free <= 0 || !slots.tryAcquire(free)) {
                return;
            }
            List<Claimed> got;
            try {
                got = claim(free);
            } catch (RuntimeException e) {
                slots.release(free);
                LOG.warnf("Could not claim uploads (the next tick tries again): %s", e.toString());
                return;
            }
            slots.release(free - got.size());
            if (got.isEmpty()) {
                idle();
                return;
            }
            if (busySince == null) {
                busySince = Instant.now();
            }
            for (Claimed c : got) {
                pool.execute(() -> {
                    try {
                        process(c);
                    } catch (RuntimeException e) {
                        // a bug or the database away: the upload stays claimed and is tried again after its lease
                        Stopping.logFailure(LOG, e, "Upload %d could not be recorded", c.id());
                    } finally {
                        slots.release();
                        feed();
                    }
                });
            }
            if (got.size() < free) {
                return;
            }
        }
    }

    /** Nothing was left to claim: if this ends a busy period and no worker runs, log how long the backlog took. */
    private void idle() {
        Instant since = busySince;
        if (since != null && slots.availablePermits() == threads) {
            busySince = null;
            long n = sinceIdle.getAndSet(0);
            if (n > 0) {
                LOG.infof(
                        "Upload queue drained: %d uploads processed in %d ms",
                        n, Duration.between(since, Instant.now()).toMillis());
            }
        }
    }

    /**
     * Processes every upload claimable now, in the calling thread, and returns how many it processed. For tests and
     * operators: deterministic, no pool. An upload whose processing fails transiently stays claimed (its lease).
     */
    public int drain() {
        int n = 0;
        while (true) {
            List<Claimed> got = claim(config.batchSize());
            if (got.isEmpty()) {
                return n;
            }
            for (Claimed c : got) {
                process(c);
                n++;
            }
        }
    }

    /**
     * Leases up to {@code limit} claimable uploads to a new claim (transaction of its own): PENDING ones, and
     * PROCESSING ones whose lease ran out with attempts left. Those whose lease ran out after max-attempts claims are
     * given up first ({@link #giveUp}).
     */
    public List<Claimed> claim(int limit) {
        giveUp();
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    update photo_upload set state = 'PROCESSING', lease_until = ?1, claim_token = ?2,
                        attempts = attempts + 1
                    where id in (select id from photo_upload
                                 where state = 'PENDING'
                                    or (state = 'PROCESSING' and lease_until < ?3 and attempts < ?5)
                                 order by created_at
                                 limit ?4
                                 for update skip locked)
                    returning id, original_key, client_sha256, attempts, created_at, format""")
                    .setParameter(1, now.plus(config.lease()))
                    .setParameter(2, token)
                    .setParameter(3, now)
                    .setParameter(4, limit)
                    .setParameter(5, config.maxAttempts())
                    .getResultList();
            List<Claimed> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                int attempts = ((Number) r[3]).intValue();
                if (attempts > 1) {
                    retried.increment();
                }
                out.add(new Claimed(
                        ((Number) r[0]).longValue(),
                        token,
                        (String) r[1],
                        PhotoFormat.valueOf((String) r[5]),
                        (String) r[2],
                        attempts,
                        Times.instant(r[4])));
            }
            out.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
            return out;
        });
    }

    /**
     * Uploads whose lease ran out after max-attempts claims (the object store away, instances dying on them) are
     * FAILED with PROCESSING_FAILED, each in a transaction of its own with its {@link UploadProcessed}: one that
     * cannot be recorded stays as it is (and is logged) without holding up the others.
     */
    private void giveUp() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Number> exhausted = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "select id from photo_upload where state = 'PROCESSING' and lease_until < ?1 "
                                        + "and attempts >= ?2 order by created_at limit 100")
                        .setParameter(1, now)
                        .setParameter(2, config.maxAttempts())
                        .getResultList());
        for (Number n : exhausted) {
            long id = n.longValue();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    @SuppressWarnings("unchecked")
                    List<Object> rows = em.createNativeQuery("""
                            update photo_upload set state = 'FAILED', failure = 'PROCESSING_FAILED',
                                failure_detail = 'gave up after ' || attempts || ' attempts', lease_until = null,
                                claim_token = null, processed_at = ?1
                            where id = (select id from photo_upload where id = ?2 and state = 'PROCESSING'
                                        and lease_until < ?1 for update skip locked)
                            returning coalesce(report_id, 0)""")
                            .setParameter(1, now)
                            .setParameter(2, id)
                            .getResultList();
                    if (!rows.isEmpty()) {
                        LOG.warnf(
                                "Upload %d could not be processed in %d attempts: given up", id, config.maxAttempts());
                        failed.increment();
                        events.fire(new UploadProcessed(
                                id, reportOf(rows.get(0)), Uploads.Status.FAILED, "PROCESSING_FAILED"));
                    }
                });
            } catch (RuntimeException e) {
                Stopping.logFailure(LOG, e, "Upload %d could not be given up", id);
            }
        }
    }

    /** Processes one claimed upload and records the outcome; never throws for a bad photo or a storage outage. */
    public void process(Claimed c) {
        busy.incrementAndGet();
        long started = System.nanoTime();
        waited.record(Duration.between(c.createdAt(), clock.instant()).abs());
        Path file = null;
        CompletableFuture<Void> original = DONE;
        try {
            file = tempFile();
            boolean staged = staging.copyTo(c.id(), file);
            if (!staged) { // queued before the staging table existed: its original is in the store
                fetch(c.originalKey(), file);
            }
            // The original goes to the store while this thread decodes it: the PUT waits on the network and the
            // store, the decode on the CPU, so one overlaps the other instead of following it.
            Path source = file;
            if (staged) {
                original = CompletableFuture.runAsync(
                        () -> storage.put(c.originalKey(), source, c.format().mimeType()), io);
            }
            Processed p;
            try {
                p = processor.process(file, photos.limits());
            } catch (PhotoRejected r) {
                discardOriginal(original, c);
                fail(c, r.reason().name(), r.detail());
                return;
            }
            if (c.clientSha256() != null && !c.clientSha256().equals(p.sha256())) {
                discardOriginal(original, c);
                fail(c, "CHECKSUM_MISMATCH", "the stored bytes hash to " + p.sha256() + ", not the sha256 sent");
                return;
            }
            String display = Uploads.displayKey(c.originalKey());
            String thumb = Uploads.thumbKey(c.originalKey());
            CompletableFuture<Void> thumbnail = CompletableFuture.runAsync(
                    () -> storage.put(
                            thumb, new ByteArrayInputStream(p.thumbnail()), p.thumbnail().length, "image/jpeg"),
                    io);
            storage.put(display, new ByteArrayInputStream(p.display()), p.display().length, "image/jpeg");
            await(thumbnail);
            await(original);
            if (!ready(c, p, display, thumb)) {
                lostClaim(c, display, thumb);
            }
        } catch (ObjectStorage.StorageException | UncheckedIOException e) {
            LOG.warnf(
                    "Upload %d (attempt %d) could not be processed now; tried again after its lease: %s",
                    c.id(),
                    c.attempts(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        } finally {
            busy.decrementAndGet();
            sinceIdle.incrementAndGet();
            processing.record(Duration.ofNanos(System.nanoTime() - started));
            original.exceptionally(e -> null).join(); // it may still read the file below
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("Could not delete %s: %s", file, e.toString());
                }
            }
        }
    }

    /** Waits for a PUT started on {@link #io}; its failure is this thread's, as if it had made the call itself. */
    private static void await(CompletableFuture<Void> put) {
        try {
            put.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A photo that failed processing keeps no original in the store (when its PUT got there first). */
    private void discardOriginal(CompletableFuture<Void> put, Claimed c) {
        if (put == DONE) {
            return;
        }
        try {
            put.join();
            storage.delete(c.originalKey());
        } catch (RuntimeException e) {
            // not stored, or not deletable now: the expiry sweep deletes the upload's keys in any case
            LOG.debugf("Upload %d: original not removed now (%s); the expiry sweep will", c.id(), e.toString());
        }
    }

    private Path tempFile() {
        try {
            Files.createDirectories(tempDir);
            return Files.createTempFile(tempDir, "upload-", ".img");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fetch(String key, Path file) {
        try (InputStream in = storage.get(key)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** READY, while the claim holds; false if another claim took the upload meanwhile (or it is gone). */
    private boolean ready(Claimed c, Processed p, String display, String thumb) {
        Instant now = clock.instant();
        Exif exif = p.exif() == null ? Exif.NONE : p.exif();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("""
                    update photo_upload set state = 'READY', display_key = ?1, thumb_key = ?2, sha256 = ?3, phash = ?4,
                        exif_present = ?5, exif_lat = ?6, exif_lng = ?7, taken_at = ?8, width = ?9, height = ?10,
                        processed_at = ?11, lease_until = null, claim_token = null
                    where id = ?12 and claim_token = ?13 and state = 'PROCESSING'
                    returning coalesce(report_id, 0)""")
                    .setParameter(1, display)
                    .setParameter(2, thumb)
                    .setParameter(3, p.sha256())
                    .setParameter(4, p.phash())
                    .setParameter(5, exif.present())
                    .setParameter(6, exif.lat())
                    .setParameter(7, exif.lng())
                    .setParameter(8, exif.takenAt())
                    .setParameter(9, p.width())
                    .setParameter(10, p.height())
                    .setParameter(11, now)
                    .setParameter(12, c.id())
                    .setParameter(13, c.token())
                    .getResultList();
            if (rows.isEmpty()) {
                return false;
            }
            staging.remove(c.id());
            ready.increment();
            LOG.debugf("Upload %d READY (attempt %d)", c.id(), c.attempts());
            events.fire(new UploadProcessed(c.id(), reportOf(rows.get(0)), Uploads.Status.READY, null));
            return true;
        });
    }

    /** FAILED, while the claim holds. */
    private void fail(Claimed c, String code, String detail) {
        Instant now = clock.instant();
        String d = detail == null ? null : detail.substring(0, Math.min(DETAIL_MAX, detail.length()));
        boolean marked = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("""
                    update photo_upload set state = 'FAILED', failure = ?1, failure_detail = ?2, processed_at = ?3,
                        lease_until = null, claim_token = null
                    where id = ?4 and claim_token = ?5 and state = 'PROCESSING'
                    returning coalesce(report_id, 0)""")
                    .setParameter(1, code)
                    .setParameter(2, d)
                    .setParameter(3, now)
                    .setParameter(4, c.id())
                    .setParameter(5, c.token())
                    .getResultList();
            if (rows.isEmpty()) {
                return false;
            }
            staging.remove(c.id());
            failed.increment();
            LOG.infof("Upload %d FAILED: %s (%s)", c.id(), code, d);
            events.fire(new UploadProcessed(c.id(), reportOf(rows.get(0)), Uploads.Status.FAILED, code));
            return true;
        });
        if (!marked) {
            LOG.infof("Upload %d was claimed again (or swept) before its failure could be recorded", c.id());
        }
    }

    private static Long reportOf(Object row) {
        long id = ((Number) row).longValue();
        return id == 0 ? null : id;
    }

    /**
     * The claim ran out and someone else holds the upload now (it writes the same keys: leave them), or the sweep
     * deleted the upload meanwhile: then the objects just written belong to nobody.
     */
    private void lostClaim(Claimed c, String display, String thumb) {
        Number left = QuarkusTransaction.requiringNew()
                .call(() -> (Number) em.createNativeQuery("select count(*) from photo_upload where id = ?1")
                        .setParameter(1, c.id())
                        .getSingleResult());
        LOG.infof("Upload %d: the claim of attempt %d ran out before it was recorded", c.id(), c.attempts());
        if (left.intValue() == 0) {
            storage.delete(display);
            storage.delete(thumb);
        }
    }
}
