package cn.suishoupai.media;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The upload request's PUT of an original, bounded in time ({@code suishoupai.uploads.store-timeout}): the object
 * store's client would wait minutes for a store that hangs, and a resident must not. A PUT that fails or times out
 * answers false (the caller stages the bytes in PostgreSQL instead) and pauses the direct PUTs for
 * {@code store-pause}, so that during an outage requests do not each wait for the timeout; one WARN per pause.
 */
@ApplicationScoped
class ReceivedOriginals {

    private static final Logger LOG = Logger.getLogger(ReceivedOriginals.class);
    /** PUTs at once, beyond which a request stages its bytes: at most max-in-flight wait, plus timed-out ones. */
    private static final int MAX_THREADS = 64;

    private final ObjectStorage storage;
    private final UploadConfig config;
    private final ThreadPoolExecutor puts;
    private volatile long pausedUntil = System.nanoTime();

    ReceivedOriginals(ObjectStorage storage, UploadConfig config, MeterRegistry meters) {
        this.storage = storage;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.puts = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "upload-receive-put-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        meters.gauge("suishoupai.uploads.store.paused", this, o -> o.paused() ? 1 : 0);
    }

    @PreDestroy
    void stop() {
        puts.shutdownNow();
    }

    /** Whether direct PUTs are paused after a failure (uploads are staged in PostgreSQL meanwhile). */
    boolean paused() {
        return System.nanoTime() - pausedUntil < 0;
    }

    /** Stores the file under {@code key}: true once the store has it, false if it must be staged instead. */
    boolean store(String key, Path file, String contentType) {
        if (paused()) {
            return false;
        }
        Future<?> put;
        try {
            put = puts.submit(() -> storage.put(key, file, contentType));
        } catch (RejectedExecutionException e) {
            return false; // as many PUTs waiting as the pool allows: the store is slow, stage this one
        }
        try {
            put.get(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // left to finish or fail on its own: a late success is overwritten by the worker's PUT of the same bytes
            pause("no answer within " + config.storeTimeout());
            return false;
        } catch (ExecutionException e) {
            pause(e.getCause() == null ? e.toString() : e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            put.cancel(true);
            return false;
        }
    }

    private void pause(String why) {
        boolean wasPaused = paused();
        pausedUntil = System.nanoTime() + config.storePause().toNanos();
        if (!wasPaused) {
            LOG.warnf(
                    "Object storage did not take an upload's original (%s): uploads are staged in PostgreSQL for %s, "
                            + "their workers store them",
                    why, config.storePause());
        }
    }
}
