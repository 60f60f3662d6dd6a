package cn.suishoupai.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Originals handed from the upload request to this instance's workers on the temp disk: a hard link to the file the
 * request received (no copy), kept once the original is safely in the object store. The worker that claims the upload
 * here processes that file instead of reading the photo back from the store; anywhere else, or after a restart, or
 * beyond {@code handoff-max-size}, it reads the store, so nothing depends on the link being there. The links are a
 * cache with a byte bound, not a second copy of record.
 */
@ApplicationScoped
class UploadHandoff {

    private static final Logger LOG = Logger.getLogger(UploadHandoff.class);

    private final EntityManager em;
    private final Path dir;
    private final long maxBytes;
    private final Map<Long, Long> held = new ConcurrentHashMap<>(); // upload id -> bytes
    private final AtomicLong bytes = new AtomicLong();

    @Inject
    UploadHandoff(EntityManager em, UploadConfig config) {
        this(
                em,
                Path.of(System.getProperty("java.io.tmpdir"), "suishoupai-handoff"),
                config.handoffMaxSize().asLongValue());
    }

    UploadHandoff(EntityManager em, Path dir, long maxBytes) {
        this.em = em;
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** What an earlier process of this instance left is nobody's now: its uploads are read from the store. */
    void onStart(@Observes StartupEvent ev) {
        clear();
    }

    /** Forgets every handed-off file, as a restart does. */
    void clear() {
        held.clear();
        bytes.set(0);
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps {@code file} for this instance's worker, if there is room: false when there is not, or the temp disk
     * cannot link it (the worker then reads the store).
     */
    boolean offer(long uploadId, Path file, long size) {
        if (bytes.addAndGet(size) > maxBytes) {
            bytes.addAndGet(-size);
            return false;
        }
        try {
            Files.createLink(dir.resolve(Long.toString(uploadId)), file);
            held.put(uploadId, size);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            bytes.addAndGet(-size);
            LOG.debugf("Upload %d not handed off on the temp disk: %s", uploadId, e.toString());
            return false;
        }
    }

    /** The file handed off for the upload, now the caller's (to delete when done); null if there is none. */
    Path take(long uploadId) {
        Long size = held.remove(uploadId);
        if (size == null) {
            return null;
        }
        bytes.addAndGet(-size);
        Path f = dir.resolve(Long.toString(uploadId));
        return Files.exists(f) ? f : null;
    }

    /** The upload is not coming (its PENDING never committed): drop its file. */
    void drop(long uploadId) {
        Path f = take(uploadId);
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.warnf("Could not delete %s: %s", f, e.toString());
            }
        }
    }

    long heldBytes() {
        return bytes.get();
    }

    @Scheduled(
            every = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledPrune() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warnf("Could not prune the handed-off uploads, the next run tries again: %s", e.toString());
        }
    }

    /**
     * Drops the files of uploads this instance's workers will not process: claimed by another instance, or swept.
     * Returns how many it dropped.
     */
    int prune() {
        if (held.isEmpty()) {
            return 0;
        }
        List<Long> ids = new ArrayList<>(held.keySet());
        @SuppressWarnings("unchecked")
        List<Number> waiting = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "select id from photo_upload where id in (?1) and state in ('RECEIVING', 'PENDING')")
                        .setParameter(1, ids)
                        .getResultList());
        Set<Long> keep = new HashSet<>();
        waiting.forEach(n -> keep.add(n.longValue()));
        int dropped = 0;
        for (Long id : ids) {
            if (!keep.contains(id)) {
                drop(id);
                dropped++;
            }
        }
        return dropped;
    }
}
