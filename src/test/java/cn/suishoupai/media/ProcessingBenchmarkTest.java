package cn.suishoupai.media;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints timings; asserts nothing about them. Excluded from the normal build (tag "benchmark"). Run with:
 * {@code mvn test -Dsurefire.excludedGroups= -Dtest=ProcessingBenchmarkTest}
 */
@Tag("benchmark")
class ProcessingBenchmarkTest {

    private static final int WARMUP = 15;
    private static final int MEASURED = 30;

    @TempDir
    Path dir;

    @Test
    void oneLargePhotoSingleThread() throws Exception {
        byte[] jpeg = TestPhotos.jpegWithExif(
                4000,
                3000,
                TestPhotos.ExifSpec.empty()
                        .gps(31.2304, 121.4737)
                        .taken("2024:05:01 10:00:00")
                        .orientation(6));
        Path file = TestPhotos.write(dir, "big.jpg", jpeg);
        PhotoProcessor processor = new PhotoProcessor();
        PhotoLimits limits = PhotoLimits.defaults();
        System.out.printf(
                "input: 4000x3000 JPEG q0.90, %,d bytes (%.2f MB), EXIF orientation 6%n",
                jpeg.length, jpeg.length / 1e6);

        for (int i = 0; i < WARMUP; i++) processor.process(file, limits);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        System.gc();
        List<MemoryPoolMXBean> heapPools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                heapPools.add(pool);
            }
        }
        long heapAfterGc =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        double[] ms = new double[MEASURED];
        long allocated = 0;
        Processed last = null;
        for (int i = 0; i < MEASURED; i++) {
            long a0 = threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            last = processor.process(file, limits);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            allocated += threads.getThreadAllocatedBytes(tid) - a0;
        }
        long peakSum =
                heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "single thread, %d runs after %d warm-up: mean %.1f ms, median %.1f ms, min %.1f ms, max %.1f ms%n",
                MEASURED,
                WARMUP,
                Arrays.stream(ms).average().orElse(0),
                sorted[MEASURED / 2],
                sorted[0],
                sorted[MEASURED - 1]);
        System.out.printf(
                "allocated per photo: %.1f MB; heap used after GC before runs: %.1f MB; "
                        + "peak heap used during runs (sum of pool peaks): %.1f MB; max heap %.0f MB%n",
                allocated / (double) MEASURED / 1e6,
                heapAfterGc / 1e6,
                peakSum / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
        System.out.printf(
                "output: display %dx%d %,d bytes, thumbnail %,d bytes, phash %s%n",
                last.displayWidth(),
                last.displayHeight(),
                last.display().length,
                last.thumbnail().length,
                last.phash());
    }

    @Test
    void throughputWithTwoWorkers() throws Exception {
        byte[] jpeg = TestPhotos.jpeg(TestPhotos.photoLike(4000, 3000, 3), 0.9f);
        Path file = TestPhotos.write(dir, "big2.jpg", jpeg);
        PhotoProcessor processor = new PhotoProcessor();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) processor.process(file, PhotoLimits.defaults());
            int n = 40;
            long t0 = System.nanoTime();
            List<Future<Processed>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) futures.add(pool.submit(() -> processor.process(file, PhotoLimits.defaults())));
            for (Future<Processed> f : futures) f.get();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "2 worker threads, %d photos of 4000x3000: %.2f s, %.1f photos/s (%.0f ms/photo wall)%n",
                    n, secs, n / secs, secs * 1000 / n);
        } finally {
            pool.shutdown();
        }
    }
}
