package cn.suishoupai.media;

import cn.suishoupai.common.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Turns uploaded files into stored photos without letting object storage and the database drift
 * apart (DOMAIN §8). Before the first object is written, the keys are journalled in their own
 * transaction ({@link #begin}); the transaction that records the photo rows deletes the journal
 * entry ({@link #commit}). A request that fails deletes its objects at once ({@link #abandon});
 * one that crashes leaves a journal entry, and {@link #cleanup} removes its objects after a grace
 * period. So: no row without its objects, and no object without a row for longer than the grace.
 *
 * <p>Decoding runs on a small fixed pool (one thread per core by default): it is CPU-bound, and the
 * pool is what bounds memory when many uploads arrive at once — their files wait on disk.
 */
@ApplicationScoped
public class PhotoStore {

    private static final Logger LOG = Logger.getLogger(PhotoStore.class);
    private static final int CLEANUP_BATCH = 100;

    public record Upload(String fileName, Path file) {}

    /** A journalled set of keys: photo i has keys 3i (original), 3i+1 (display), 3i+2 (thumbnail). */
    public record Batch(UUID intentId, List<String> keys) {}

    /** What was stored for upload number {@code seq}. Metadata only: the bytes are in object storage. */
    public record Stored(
            int seq,
            String fileName,
            PhotoFormat format,
            long bytes,
            int width,
            int height,
            String originalKey,
            String displayKey,
            String thumbKey,
            String sha256,
            String phash,
            Exif exif) {}

    private final ObjectStorage storage;
    private final PhotoConfig config;
    private final EntityManager em;
    private final Clock clock;
    private final PhotoProcessor processor = new PhotoProcessor();
    private final ExecutorService pool;
    /** Whether the last scheduled cleanup found object storage unreachable (to log an outage once). */
    private final AtomicBoolean storageDown = new AtomicBoolean();

    PhotoStore(ObjectStorage storage, PhotoConfig config, EntityManager em, Clock clock) {
        this.storage = storage;
        this.config = config;
        this.em = em;
        this.clock = clock;
        int threads = config.processingThreads().orElse(Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "photo-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Journals the keys {@code count} photos under {@code prefix} will use. Commits on its own. */
    public Batch begin(String prefix, int count) {
        List<String> keys = new ArrayList<>(count * 3);
        for (int i = 0; i < count; i++) {
            keys.add(prefix + "/" + i + "-original");
            keys.add(prefix + "/" + i + "-display.jpg");
            keys.add(prefix + "/" + i + "-thumb.jpg");
        }
        return journal(keys);
    }

    /** Journals these keys before they are written (commits on its own); {@link #commit} or {@link #abandon} ends it. */
    Batch journal(List<String> keys) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("insert into upload_intent (id, keys, created_at) values (?1, ?2, ?3)")
                        .setParameter(1, id)
                        .setParameter(2, keys.toArray(String[]::new))
                        .setParameter(3, clock.instant())
                        .executeUpdate());
        return new Batch(id, List.copyOf(keys));
    }

    /**
     * Checks, derives and uploads every file, in order. The first unacceptable file stops the lot with
     * a 413/415/422 naming it; objects already written stay journalled for {@link #abandon}.
     */
    public List<Stored> store(Batch batch, List<Upload> uploads) {
        PhotoLimits limits = config.limits();
        List<Future<Processed>> work = new ArrayList<>(uploads.size());
        for (Upload u : uploads) {
            work.add(pool.submit(() -> processor.process(u.file(), limits)));
        }
        List<Stored> stored = new ArrayList<>(uploads.size());
        try {
            for (int i = 0; i < uploads.size(); i++) {
                Upload u = uploads.get(i);
                Processed p = await(work.get(i), i, u);
                String original = batch.keys().get(3 * i);
                String display = batch.keys().get(3 * i + 1);
                String thumb = batch.keys().get(3 * i + 2);
                long size;
                try (InputStream in = Files.newInputStream(u.file())) {
                    size = Files.size(u.file());
                    storage.put(original, in, size, p.format().mimeType());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                storage.put(display, new ByteArrayInputStream(p.display()), p.display().length, "image/jpeg");
                storage.put(thumb, new ByteArrayInputStream(p.thumbnail()), p.thumbnail().length, "image/jpeg");
                stored.add(new Stored(
                        i,
                        u.fileName(),
                        p.format(),
                        size,
                        p.width(),
                        p.height(),
                        original,
                        display,
                        thumb,
                        p.sha256(),
                        p.phash(),
                        p.exif()));
            }
        } finally {
            work.forEach(f -> f.cancel(true)); // no-op for finished ones; frees the pool from a failed request
        }
        return stored;
    }

    private static Processed await(Future<Processed> f, int index, Upload u) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while processing photos", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PhotoRejected rejected) {
                throw refusal(rejected, index, u.fileName());
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static ApiException refusal(PhotoRejected r, int index, String fileName) {
        String name = fileName == null || fileName.isBlank() ? "#" + (index + 1) : fileName;
        ApiException e = switch (r.reason()) {
            case TOO_LARGE -> new ApiException(413, "photo-too-large", index + 1, name);
            case UNSUPPORTED_TYPE -> new ApiException(415, "photo-unsupported-type", index + 1, name);
            case TOO_MANY_PIXELS -> new ApiException(422, "photo-too-many-pixels", index + 1, name);
            case UNDECODABLE -> new ApiException(422, "photo-undecodable", index + 1, name);
            case DECODE_TIMEOUT -> new ApiException(422, "photo-decode-timeout", index + 1, name);
        };
        return e.with("file", name).with("index", index);
    }

    /** In the caller's transaction: the rows that reference the objects now exist. */
    public void commit(Batch batch) {
        em.createNativeQuery("delete from upload_intent where id = ?1")
                .setParameter(1, batch.intentId())
                .executeUpdate();
    }

    /** The request failed: delete what it wrote. If storage is down too, the journal keeps it for {@link #cleanup}. */
    public void abandon(Batch batch) {
        try {
            batch.keys().forEach(storage::delete);
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("delete from upload_intent where id = ?1")
                            .setParameter(1, batch.intentId())
                            .executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("Could not clean up upload %s now; the cleanup job will: %s", batch.intentId(), e.toString());
        }
    }

    /**
     * Deletes the objects of journal entries older than the grace period. Safe on many instances at
     * once: each entry is locked by one of them ({@code skip locked}). Returns how many entries it cleared.
     */
    @Scheduled(
            every = "${suishoupai.photos.cleanup-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledCleanup() {
        try {
            cleanup();
            if (storageDown.compareAndSet(true, false)) {
                LOG.info("Object storage is reachable again: the cleanup of abandoned uploads goes on");
            }
        } catch (ObjectStorage.StorageException e) {
            // an outage is an operational condition, not a bug: said once when it starts, and once when it ends;
            // what was not cleared stays journalled, and every run tries again
            if (storageDown.compareAndSet(false, true)) {
                LOG.warnf(
                        "Object storage unreachable: the cleanup of abandoned uploads waits for it and tries again "
                                + "every run (%s)",
                        e.toString());
            } else {
                LOG.debugf("Object storage still unreachable: %s", e.toString());
            }
        }
    }

    public int cleanup() {
        int cleared = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(this::cleanupBatch);
            cleared += n;
            if (n < CLEANUP_BATCH) {
                return cleared;
            }
        }
    }

    private int cleanupBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, keys from upload_intent where created_at < ?1 "
                        + "order by created_at limit " + CLEANUP_BATCH + " for update skip locked")
                .setParameter(1, clock.instant().minus(config.orphanGrace()))
                .getResultList();
        for (Object[] row : rows) {
            for (String key : (String[]) row[1]) {
                // an object that a photo row references was committed after all: never delete it
                Number used =
                        (Number) em.createNativeQuery("select (select count(*) from photo where original_key = ?1 "
                                        + "or display_key = ?1 or thumb_key = ?1) + (select count(*) from photo_upload "
                                        + "where original_key = ?1 or display_key = ?1 or thumb_key = ?1)")
                                .setParameter(1, key)
                                .getSingleResult();
                if (used.intValue() == 0) {
                    storage.delete(key);
                }
            }
            em.createNativeQuery("delete from upload_intent where id = ?1")
                    .setParameter(1, row[0])
                    .executeUpdate();
        }
        if (!rows.isEmpty()) {
            LOG.infof("Removed the objects of %d abandoned uploads", rows.size());
        }
        return rows.size();
    }
}
