package cn.suishoupai.report;

import cn.suishoupai.media.PhotoLimits;
import cn.suishoupai.media.PhotoProcessor;
import cn.suishoupai.media.TestPhotos;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Load generator for report intake (issue 4), run by bench/intake.sh. Modes:
 *
 * <pre>
 * photos DIR                         3 photo-like 4000×3000 JPEGs of ≈1.5 MB (EXIF capture time, no GPS) → DIR/p*.jpg
 * bigphotos DIR                      9 noisy 4000×3000 JPEGs just under 10 MiB each → DIR/big*.jpg
 * intake BASE TOKENS DIR             POST /api/v1/reports with the photos of DIR, `threads` clients
 * s3 ENDPOINT AK SK BUCKET DIR       raw S3 PUTs of the same photos (MinIO client), `threads` clients
 * decode DIR                         PhotoProcessor.process of the same photos on availableProcessors threads,
 *                                    fed by `threads` submitters
 * memory BASE TOKENS DIR             `concurrent` requests at once, each with every DIR/big*.jpg, once
 * </pre>
 *
 * One "report" is all the photos of DIR (p*.jpg) in every mode. System properties: threads (16), warmup
 * (seconds, 30), duration (seconds, 60), box (minLat,minLng,maxLat,maxLng of the area to report in),
 * concurrent (50, memory mode), width and height of the photos (4000, 3000; file sizes scale with the
 * area: smaller for the smoke run). Prints a line "RESULT mode=... reports_per_s=... p50_ms=... p99_ms=...
 * errors=..." that the script reads.
 */
public final class IntakeLoad {

    private static final int THREADS = Integer.getInteger("threads", 16);
    private static final int WARMUP_S = Integer.getInteger("warmup", 30);
    private static final int DURATION_S = Integer.getInteger("duration", 60);
    static final String BOUNDARY = "----ssp-bench-7d3f2a9c41";
    private static final int WIDTH = Integer.getInteger("width", 4000);
    private static final int HEIGHT = Integer.getInteger("height", 3000);
    /** Photo area relative to 4000 × 3000: the byte targets scale with it. */
    private static final double AREA = WIDTH * (double) HEIGHT / (4000 * 3000);

    private IntakeLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "photos" -> photos(Path.of(args[1]));
            case "bigphotos" -> bigPhotos(Path.of(args[1]));
            case "intake" -> intake(args[1], Path.of(args[2]), Path.of(args[3]));
            case "s3" -> s3(args[1], args[2], args[3], args[4], Path.of(args[5]));
            case "decode" -> decode(Path.of(args[1]));
            case "memory" -> memory(args[1], Path.of(args[2]), Path.of(args[3]));
            default -> usage();
        }
        System.exit(0); // HttpClient / OkHttp keep non-daemon threads
    }

    private static void usage() {
        System.err.println("usage: IntakeLoad photos|bigphotos|intake|s3|decode|memory ... (see the class comment)");
        System.exit(2);
    }

    // ------------------------------------------------------------------------------------ photos

    /** Capture time one hour ago in China: recent, so the service raises no photo flag. */
    private static TestPhotos.ExifSpec exif() {
        String taken = LocalDateTime.now(ZoneId.of("Asia/Shanghai"))
                .minusHours(1)
                .format(DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss"));
        return TestPhotos.ExifSpec.empty().taken(taken).offset("+08:00");
    }

    static void photos(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < 3; i++) {
            BufferedImage img = TestPhotos.photoLike(WIDTH, HEIGHT, 100 + i);
            long target = (long) (1_500_000 * AREA);
            // quality that lands nearest 1.5 MB (photoLike at 0.9 is ≈1.6 MB)
            byte[] best = null;
            float bestQ = 0;
            for (float q = 0.80f; q <= 0.921f; q += 0.02f) {
                byte[] b = TestPhotos.jpeg(img, q);
                if (best == null || Math.abs(b.length - target) < Math.abs(best.length - target)) {
                    best = b;
                    bestQ = q;
                }
            }
            byte[] jpeg = TestPhotos.withExif(best, exif());
            Files.write(dir.resolve("p" + i + ".jpg"), jpeg);
            System.out.printf(
                    Locale.ROOT,
                    "photo p%d.jpg: %dx%d, quality %.2f, %,d bytes%n",
                    i,
                    WIDTH,
                    HEIGHT,
                    bestQ,
                    jpeg.length);
        }
    }

    static void bigPhotos(Path dir) throws IOException {
        Files.createDirectories(dir);
        // close to, but under, 10 MiB with EXIF and our COM segment (scaled down for small photos)
        long limit = (long) ((PhotoLimits.DEFAULT_MAX_BYTES - 64 * 1024) * Math.min(1, AREA));
        long slack = (long) (400_000 * Math.min(1, AREA));
        int amplitude = 28;
        boolean shrinking = false;
        for (int i = 0; i < 9; i++) {
            byte[] jpeg;
            while (true) {
                jpeg = TestPhotos.withExif(TestPhotos.jpeg(noisy(WIDTH, HEIGHT, 200 + i, amplitude), 0.97f), exif());
                if (jpeg.length > limit) {
                    amplitude--;
                    shrinking = true;
                } else if (jpeg.length < limit - slack && !shrinking && amplitude < 128) {
                    amplitude++;
                } else {
                    break;
                }
            }
            Files.write(dir.resolve("big" + i + ".jpg"), jpeg);
            System.out.printf(
                    Locale.ROOT,
                    "photo big%d.jpg: %dx%d, quality 0.97, noise ±%d, %,d bytes%n",
                    i,
                    WIDTH,
                    HEIGHT,
                    amplitude,
                    jpeg.length);
        }
    }

    /** photoLike with strong per-channel noise: a JPEG that needs ≈10 MB at high quality, like a dark, noisy night shot. */
    private static BufferedImage noisy(int w, int h, long seed, int amplitude) {
        BufferedImage img = TestPhotos.photoLike(w, h, seed);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        SplittableRandom rnd = new SplittableRandom(seed * 31);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int r = clamp(((p >> 16) & 0xFF) + rnd.nextInt(-amplitude, amplitude + 1));
            int g = clamp(((p >> 8) & 0xFF) + rnd.nextInt(-amplitude, amplitude + 1));
            int b = clamp((p & 0xFF) + rnd.nextInt(-amplitude, amplitude + 1));
            px[i] = (r << 16) | (g << 8) | b;
        }
        return img;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    /** A JPEG split before its first SOS, so every request can carry unique bytes (a COM segment) at no copying cost. */
    record Photo(String name, byte[] head, byte[] tail, byte[] whole, Path file) {
        static Photo load(Path file) {
            try {
                byte[] b = Files.readAllBytes(file);
                int sos = startOfScan(b);
                return new Photo(
                        file.getFileName().toString(),
                        Arrays.copyOfRange(b, 0, sos),
                        Arrays.copyOfRange(b, sos, b.length),
                        b,
                        file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long uniqueLength() {
            return whole.length + 20L;
        }

        /** A 20-byte COM segment whose text makes this copy's SHA-256 unique. */
        static byte[] comment(long n) {
            byte[] text = String.format(Locale.ROOT, "bench-%010d", n).getBytes(StandardCharsets.US_ASCII); // 16 bytes
            byte[] seg = new byte[4 + text.length];
            seg[0] = (byte) 0xFF;
            seg[1] = (byte) 0xFE;
            seg[2] = 0;
            seg[3] = (byte) (2 + text.length);
            System.arraycopy(text, 0, seg, 4, text.length);
            return seg;
        }

        private static int startOfScan(byte[] b) {
            int i = 2;
            while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
                int marker = b[i + 1] & 0xFF;
                if (marker == 0xDA) return i;
                i += 2 + (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF));
            }
            throw new IllegalArgumentException("no SOS marker found");
        }
    }

    static List<Photo> loadPhotos(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Photo> photos = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.toString().endsWith(".jpg"))
                    .sorted()
                    .map(Photo::load)
                    .toList();
            if (photos.isEmpty()) throw new IllegalStateException("no " + prefix + "*.jpg in " + dir);
            long total = photos.stream().mapToLong(p -> p.whole().length).sum();
            System.out.printf(
                    Locale.ROOT,
                    "%d photos per report, %,d bytes in all (%.2f MB)%n",
                    photos.size(),
                    total,
                    total / 1e6);
            return photos;
        }
    }

    // ------------------------------------------------------------------------------------ the driver

    /** One unit of work ("a report"); returns null when it succeeded, else a short description of the failure. */
    @FunctionalInterface
    interface Op {
        String run(int thread, long seq) throws Exception;
    }

    record Sample(long endNanos, long latencyNanos, String error) {}

    /** THREADS loops of op for WARMUP_S, then DURATION_S measured; counts what finished inside the measured window. */
    static void drive(String mode, Op op, double photosPerReport) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long measureFrom = start + WARMUP_S * 1_000_000_000L;
        long measureTo = measureFrom + DURATION_S * 1_000_000_000L;
        Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
        // every phase, warm-up included: the smoke run checks these, its window is too short to count on
        AtomicLong okAll = new AtomicLong();
        AtomicLong errorsAll = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%s: %d threads, warm-up %d s, measured %d s (load average %s)%n",
                mode,
                THREADS,
                WARMUP_S,
                DURATION_S,
                loadAverage());
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread th = new Thread(
                    () -> {
                        while (System.nanoTime() < measureTo) {
                            long t0 = System.nanoTime();
                            String error;
                            try {
                                error = op.run(thread, seq.getAndIncrement());
                            } catch (Exception e) {
                                error = e.toString();
                            }
                            long t1 = System.nanoTime();
                            (error == null ? okAll : errorsAll).incrementAndGet();
                            if (error != null) {
                                errorKinds
                                        .computeIfAbsent(
                                                error.length() > 300 ? error.substring(0, 300) : error,
                                                k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                            if (t1 >= measureFrom && t1 <= measureTo) {
                                samples.add(new Sample(t1, t1 - t0, error));
                            }
                        }
                    },
                    mode + "-" + t);
            th.start();
            threads.add(th);
        }
        CpuWindow cpu = new CpuWindow(measureFrom, measureTo);
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    System.out.printf(
                            Locale.ROOT,
                            "  %s: %.0f s, %d started, load average %s%n",
                            mode,
                            (System.nanoTime() - start) / 1e9,
                            seq.get(),
                            loadAverage());
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        progress.setDaemon(true);
        progress.start();
        for (Thread th : threads) th.join();
        progress.interrupt();

        List<Sample> measured = new ArrayList<>(samples);
        long ok = measured.stream().filter(s -> s.error() == null).count();
        long errors = measured.size() - ok;
        long[] lat = measured.stream()
                .filter(s -> s.error() == null)
                .mapToLong(Sample::latencyNanos)
                .sorted()
                .toArray();
        double secs = DURATION_S;
        double rate = ok / secs;
        System.out.printf(
                Locale.ROOT,
                "%s: %d reports ok in %d s measured, %d errors (all phases: %d started)%n",
                mode,
                ok,
                DURATION_S,
                errors,
                seq.get());
        errorKinds.forEach((k, v) -> System.out.printf("  error x%d: %s%n", v.get(), k));
        cpu.print(ok);
        System.out.printf(
                Locale.ROOT,
                "RESULT mode=%s reports_per_s=%.3f photos_per_s=%.2f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f errors=%d n=%d ok_all=%d errors_all=%d%n",
                mode,
                rate,
                rate * photosPerReport,
                pct(lat, 50),
                pct(lat, 99),
                lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
                errors,
                ok,
                okAll.get(),
                errorsAll.get());
    }

    /**
     * CPU time of the processes named in -Dpids=name:pid,... (and of this client) over the measured window, from
     * /proc: what each costs per report, and how busy the whole machine was (other processes included).
     */
    static final class CpuWindow {
        private final Map<String, Long> pids = new LinkedHashMap<>();
        private volatile long[] before;
        private volatile long[] after;

        CpuWindow(long from, long to) {
            pids.put("client", ProcessHandle.current().pid());
            String spec = System.getProperty("pids", "");
            for (String kv : spec.split(",")) {
                if (kv.contains(":"))
                    pids.put(kv.substring(0, kv.indexOf(':')), Long.parseLong(kv.substring(kv.indexOf(':') + 1)));
            }
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(0, (from - System.nanoTime()) / 1_000_000));
                    before = snapshot();
                    Thread.sleep(Math.max(0, (to - System.nanoTime()) / 1_000_000));
                    after = snapshot();
                } catch (InterruptedException e) {
                    // no numbers
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** Ticks per process, then machine busy and total ticks (/proc/stat). */
        private long[] snapshot() {
            long[] v = new long[pids.size() + 2];
            int i = 0;
            for (long pid : pids.values()) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    v[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException e) {
                    v[i] = -1;
                }
                i++;
            }
            try {
                String[] f =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int k = 1; k <= 8; k++) total += Long.parseLong(f[k]);
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                v[i] = total - idle;
                v[i + 1] = total;
            } catch (IOException | RuntimeException e) {
                v[i] = -1;
            }
            return v;
        }

        void print(long reports) {
            long[] b = before;
            long[] a = after;
            if (b == null || a == null) return;
            double hz = Integer.getInteger("clk", 100);
            double secs = DURATION_S;
            StringBuilder sb = new StringBuilder("CPU in the measured window (cores busy; CPU seconds per report):");
            int i = 0;
            double known = 0;
            for (String name : pids.keySet()) {
                if (a[i] >= 0 && b[i] >= 0) {
                    double cpuSecs = (a[i] - b[i]) / hz;
                    known += cpuSecs;
                    sb.append(String.format(
                            Locale.ROOT,
                            " %s %.2f (%.2f s);",
                            name,
                            cpuSecs / secs,
                            reports == 0 ? 0 : cpuSecs / reports));
                }
                i++;
            }
            int cores = Runtime.getRuntime().availableProcessors();
            double busy = (a[i] - b[i]) / hz;
            double share = (a[i] - b[i]) / (double) Math.max(1, a[i + 1] - b[i + 1]);
            sb.append(String.format(
                    Locale.ROOT,
                    " whole machine %.2f of %d (other processes %.2f)",
                    share * cores,
                    cores,
                    Math.max(0, busy - known) / secs));
            System.out.println(sb);
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------ intake through the API

    /** Report points: a lattice ≈67 m apart over the box (more than the 50 m of duplicate detection). */
    static final class Points {
        final double minLat;
        final double minLng;
        final int cols;
        final int count;

        Points(String box) {
            double[] b = Arrays.stream(box.split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            minLat = b[0] + 0.0003;
            minLng = b[1] + 0.0003;
            int rows = (int) ((b[2] - 0.0003 - minLat) / 0.0006);
            cols = (int) ((b[3] - 0.0003 - minLng) / 0.0007);
            count = rows * cols;
        }

        double[] at(long n) {
            long i = n % count;
            return new double[] {minLat + (i / cols) * 0.0006, minLng + (i % cols) * 0.0007};
        }
    }

    static HttpClient http(int connections) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(Math.max(2, connections / 4)))
                .build();
    }

    /** multipart/form-data, streamed from the photo arrays (no copy of the photo bytes per request). */
    static HttpRequest.BodyPublisher multipart(Map<String, String> fields, List<Photo> photos, long unique) {
        List<byte[]> parts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append("--")
                .append(BOUNDARY)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(k)
                .append("\"\r\n\r\n")
                .append(v)
                .append("\r\n"));
        parts.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < photos.size(); i++) {
            Photo p = photos.get(i);
            parts.add(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"" + p.name()
                            + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            parts.add(p.head());
            parts.add(Photo.comment(unique * 16 + i));
            parts.add(p.tail());
            parts.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        parts.add(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.BodyPublishers.ofByteArrays(parts);
    }

    static Map<String, String> form(double[] point, String category) {
        Map<String, String> m = new TreeMap<>();
        m.put("lat", String.format(Locale.ROOT, "%.6f", point[0]));
        m.put("lng", String.format(Locale.ROOT, "%.6f", point[1]));
        m.put("crs", "WGS84");
        m.put("accuracy", "8");
        m.put("description", "bench report: 路面坑洞");
        if (category != null) m.put("category", category);
        return m;
    }

    static List<String> tokens(Path file) throws IOException {
        List<String> t = Files.readAllLines(file).stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (t.isEmpty()) throw new IllegalStateException("no tokens in " + file);
        return t;
    }

    static void intake(String base, Path tokenFile, Path dir) throws Exception {
        List<Photo> photos = loadPhotos(dir, "p");
        List<String> tokens = tokens(tokenFile);
        Points points = new Points(System.getProperty("box"));
        String category = System.getProperty("category");
        HttpClient client = http(THREADS);
        URI uri = URI.create(base + "/api/v1/reports");
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        drive(
                "intake",
                (thread, seq) -> {
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMinutes(10))
                            .header("Authorization", "Bearer " + tokens.get(thread % tokens.size()))
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(multipart(form(points.at(seq), category), photos, seq))
                            .build();
                    HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
                    if (res.statusCode() == 201) {
                        String body = res.body();
                        int i = body.indexOf("\"status\":\"");
                        String status = i < 0 ? "?" : body.substring(i + 10, body.indexOf('"', i + 10));
                        statuses.computeIfAbsent(status, k -> new AtomicInteger())
                                .incrementAndGet();
                        return null;
                    }
                    return "HTTP " + res.statusCode() + " " + res.body();
                },
                photos.size());
        System.out.println("report statuses (all phases): " + new TreeMap<>(statuses));
    }

    // ------------------------------------------------------------------------------------ raw S3 PUT

    static void s3(String endpoint, String accessKey, String secretKey, String bucket, Path dir) throws Exception {
        List<Photo> photos = loadPhotos(dir, "p");
        MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .region("us-east-1")
                .build();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(
                    MakeBucketArgs.builder().bucket(bucket).region("us-east-1").build());
        }
        drive(
                "s3",
                (thread, seq) -> {
                    for (int i = 0; i < photos.size(); i++) {
                        byte[] b = photos.get(i).whole();
                        client.putObject(
                                PutObjectArgs.builder()
                                        .bucket(bucket)
                                        .object("raw/" + seq + "/" + i + "-original")
                                        .stream(new ByteArrayInputStream(b), b.length, -1)
                                        .contentType("image/jpeg")
                                        .build());
                    }
                    return null;
                },
                photos.size());
    }

    // ------------------------------------------------------------------------------------ raw decode + resize

    static void decode(Path dir) throws Exception {
        List<Photo> photos = loadPhotos(dir, "p");
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("decode pool: " + cores + " threads (availableProcessors)");
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        PhotoProcessor processor = new PhotoProcessor();
        try {
            drive(
                    "decode",
                    (thread, seq) -> {
                        List<Future<?>> work = new ArrayList<>();
                        for (Photo p : photos)
                            work.add(pool.submit(() -> processor.process(p.file(), PhotoLimits.DEFAULTS)));
                        for (Future<?> f : work) f.get();
                        return null;
                    },
                    photos.size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------ memory: N huge requests at
    // once

    static void memory(String base, Path tokenFile, Path dir) throws Exception {
        List<Photo> photos = loadPhotos(dir, "big");
        List<String> tokens = tokens(tokenFile);
        Points points = new Points(System.getProperty("box"));
        String category = System.getProperty("category");
        int n = Integer.getInteger("concurrent", 50);
        long bodyBytes = photos.stream().mapToLong(Photo::uniqueLength).sum();
        System.out.printf(
                Locale.ROOT,
                "memory: %d concurrent requests of %d photos, %.1f MB each, %.2f GB in all%n",
                n,
                photos.size(),
                bodyBytes / 1e6,
                n * bodyBytes / 1e9);
        HttpClient client = http(n * 4);
        URI uri = URI.create(base + "/api/v1/reports");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(n);
        List<Future<String>> results = new ArrayList<>();
        long[] latency = new long[n];
        int offset = Integer.getInteger("pointOffset", 0);
        for (int i = 0; i < n; i++) {
            int idx = i;
            results.add(senders.submit(() -> {
                go.await();
                long t0 = System.nanoTime();
                try {
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMinutes(30))
                            .header("Authorization", "Bearer " + tokens.get(idx % tokens.size()))
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .POST(multipart(form(points.at(offset + idx), category), photos, offset + idx))
                            .build();
                    HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
                    return res.statusCode() == 201 ? "201" : res.statusCode() + " " + res.body();
                } catch (Exception e) {
                    return "exception " + e;
                } finally {
                    latency[idx] = System.nanoTime() - t0;
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Future<String> f : results) {
            String r = f.get();
            outcomes.merge(r.length() > 400 ? r.substring(0, 400) : r, 1, Integer::sum);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        int created = outcomes.getOrDefault("201", 0);
        System.out.printf(
                Locale.ROOT,
                "memory: all %d requests answered in %.1f s; latency min %.1f s, p50 %.1f s, max %.1f s%n",
                n,
                secs,
                sorted[0] / 1e9,
                pct(sorted, 50) / 1e3,
                sorted[n - 1] / 1e9);
        outcomes.forEach((k, v) -> System.out.printf("  x%d: %s%n", v, k));
        System.out.printf(
                Locale.ROOT,
                "RESULT mode=memory requests=%d created=%d failed=%d seconds=%.1f%n",
                n,
                created,
                n - created,
                secs);
    }
}
