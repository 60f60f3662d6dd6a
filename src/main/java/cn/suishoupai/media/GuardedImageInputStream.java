package cn.suishoupai.media;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The input every decoder gets: it stops a decode that has run past its deadline, or that keeps asking for data after
 * the end of the file, by throwing from the next read. Every decoder that reads bytes (and the bit readers ask for
 * the stream position on every call) is stopped this way, whether or not it honours {@link
 * javax.imageio.ImageReader#abort()}.
 *
 * <p>Reading past the end is how a decoder "decodes" a bitstream that ends before its header says it should: some
 * catch the EOFException and carry on with zeros (TwelveMonkeys' VP8L bit reader does), for minutes on a claimed
 * 6000×6000 picture. An honest decoder looks past the end a few times at most (read-ahead near the last byte).
 */
final class GuardedImageInputStream extends ImageInputStreamImpl {

    /** Reads at or beyond the end a decoder may make before the data count as cut short. */
    static final int MAX_READS_AT_END = 64;

    /** Thrown once the deadline has passed. */
    static final class DeadlinePassed extends IIOException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed() {
            super("decode deadline passed");
        }
    }

    /** Thrown once the decoder has read past the end too often. */
    static final class DataExhausted extends IIOException {
        private static final long serialVersionUID = 1L;

        DataExhausted() {
            super("the data end before the image does");
        }
    }

    /**
     * A decode's time limit, counted in CPU time of the thread that decodes: a decode that waits for a core on a busy
     * machine is not stopped for the waiting (an ordinary 12 MP photo failed DECODE_TIMEOUT at load 20+ when the limit
     * was wall-clock time), while a decompression bomb still burns through its budget. Wall-clock time is capped all
     * the same, at {@link #WALL_CAP_FACTOR} times the limit, so a starved request still ends.
     */
    static final class Budget {
        static final int WALL_CAP_FACTOR = 6;
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private final long threadId = Thread.currentThread().getId();
        private final long limitNanos;
        private final long wallStart = System.nanoTime();
        private final long cpuStart;

        /** Starts counting for the calling thread, which is the one that decodes. */
        Budget(Duration limit) {
            this.limitNanos = limit.toNanos();
            this.cpuStart = cpu();
        }

        private long cpu() {
            return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(threadId) : -1;
        }

        /** Nanoseconds left (of CPU time, within the wall cap); zero or less once spent. From any thread. */
        long remaining() {
            long now = System.nanoTime();
            long wallLeft = wallStart + WALL_CAP_FACTOR * limitNanos - now;
            long cpu = cpu();
            long used = cpu < 0 || cpuStart < 0 ? now - wallStart : cpu - cpuStart;
            return Math.min(limitNanos - used, wallLeft);
        }
    }

    private final ImageInputStream in;
    private final Budget budget;
    /** When to look at the budget next: reads compare against it, which is cheaper than asking for CPU time. */
    private volatile long deadlineNanos;

    private volatile boolean expired;
    private volatile boolean exhausted;
    private int readsAtEnd;

    /**
     * @param in     the file's stream; closed with this one
     * @param budget the decode's time limit; once spent, every read throws
     */
    GuardedImageInputStream(ImageInputStream in, Budget budget) {
        this.in = in;
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.remaining();
    }

    /** From any thread (the watchdog): from now on every read throws. */
    void expire() {
        expired = true;
    }

    /** Whether the decode was stopped by the deadline (reads may have thrown, or the reader was aborted). */
    boolean expired() {
        long now = System.nanoTime();
        if (!expired && now - deadlineNanos >= 0) {
            long left = budget.remaining();
            if (left <= 0) {
                expired = true;
            } else {
                deadlineNanos = now + left;
            }
        }
        return expired;
    }

    /** Whether the decoder kept reading after the end of the data. */
    boolean exhausted() {
        return exhausted;
    }

    private void check() throws IIOException {
        if (expired()) throw new DeadlinePassed();
        if (exhausted) throw new DataExhausted();
    }

    private void atEnd() throws IIOException {
        if (++readsAtEnd > MAX_READS_AT_END) {
            exhausted = true;
            throw new DataExhausted();
        }
    }

    @Override
    public int read() throws IOException {
        check();
        bitOffset = 0;
        int b = in.read();
        if (b < 0) {
            atEnd();
        } else {
            streamPos++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        bitOffset = 0;
        int n = in.read(b, off, len);
        if (n < 0 || (n == 0 && len > 0)) {
            atEnd();
        } else {
            streamPos += n;
        }
        return n;
    }

    @Override
    public void seek(long pos) throws IOException {
        check();
        super.seek(pos);
        in.seek(pos);
    }

    @Override
    public long getStreamPosition() throws IOException {
        check();
        return super.getStreamPosition();
    }

    @Override
    public long length() {
        try {
            return in.length();
        } catch (IOException e) {
            return -1L;
        }
    }

    @Override
    public boolean isCached() {
        return in.isCached();
    }

    @Override
    public boolean isCachedFile() {
        return in.isCachedFile();
    }

    @Override
    public boolean isCachedMemory() {
        return in.isCachedMemory();
    }

    @Override
    public void close() throws IOException {
        super.close();
        in.close();
    }
}
