package cn.suishoupai.report;

import cn.suishoupai.report.IntakeLoad.Photo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load generator for photo-first intake (issue 14), run by bench/uploads.sh. One mode:
 *
 * <pre>
 * flow LABEL BASE TOKENS DIR     `threads` clients (client i signs in with token i mod the tokens), each as the WeChat mini-program does it (docs/CLIENTS.md): upload
 *                                the 3 photos of DIR one after another (POST /api/v1/uploads, one file part each),
 *                                then POST /api/v1/reports (JSON, the 3 photoIds, an Idempotency-Key); again until
 *                                warm-up + duration are over (a started report is finished). A 429 or 503 with
 *                                Retry-After waits that long and sends the same request again (as the client is
 *                                told to); each answer is counted. Then waits, reading the database, until no upload
 *                                is waiting or in processing and no report is PHOTOS_PROCESSING (the drain).
 * </pre>
 *
 * With rate &gt; 0 (photos per second in all) the clients are paced instead (an open loop): client i starts a cycle
 * every 3 × threads ÷ rate seconds, staggered by i, as people taking photos do; a cycle due while the last one is
 * still going starts when it ends (late_cycles counts those more than a second behind).
 *
 * System properties: threads (16), rate (0: closed loop), warmup and duration (seconds), timeout (per request, 60 s: WeChat's), jdbc (the
 * service's database), service (its pid: RSS from /proc), dirs (comma-separated: the service's temp directories,
 * their bytes sampled every 250 ms), box and category (as IntakeLoad), seqBase (makes this phase's photos and points
 * differ from another's), drainTimeout (seconds, 420). Prints RESULT lines the script reads:
 *
 * <pre>
 * RESULT phase=LABEL kind=upload|report n=... ok=... r429=... r503=... failed=... timeouts=... p50_ms=... p95_ms=...
 *        p99_ms=... max_ms=... ok_per_s=...   (2xx answers in the measured window; max over every answer)
 * RESULT phase=LABEL kind=processing ...         (from photo_upload: photos, pipeline and worker rates, drain time)
 * RESULT phase=LABEL kind=timeline ...           (epoch ms of start, clients done, drained; photos processed in each)
 * RESULT phase=LABEL kind=resources ...          (peak RSS, peak temp bytes, peak backlog)
 * </pre>
 */
public final class UploadLoad {

    private static final int THREADS = Integer.getInteger("threads", 16);
    private static final int WARMUP_S = Integer.getInteger("warmup", 10);
    private static final int DURATION_S = Integer.getInteger("duration", 30);
    private static final Duration TIMEOUT = Duration.ofSeconds(Integer.getInteger("timeout", 60));
    private static final long SEQ_BASE = Long.getLong("seqBase", 0);
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "0"));
    private static final int DRAIN_TIMEOUT_S = Integer.getInteger("drainTimeout", 420);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private UploadLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !args[0].equals("flow")) {
            System.err.println("usage: UploadLoad flow LABEL BASE TOKENS DIR (see the class comment)");
            System.exit(2);
        }
        flow(args[1], args[2], Path.of(args[3]), Path.of(args[4]));
        System.exit(0); // HttpClient keeps non-daemon threads
    }

    /** One answer: which request, when it ended, how long it took, its status (0: timeout, -1: other failure). */
    record Answer(String kind, long endNanos, long nanos, int status, String error) {}

    static final class Client {
        final HttpClient http;
        final String base;
        final List<Photo> photos;
        final List<String> tokens;
        final IntakeLoad.Points points;
        final String category;
        final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> reportStatuses = new ConcurrentHashMap<>();
        final List<Long> reportIds = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong abandoned = new AtomicLong();
        volatile long hardStop;

        Client(String base, List<Photo> photos, List<String> tokens) {
            this.http = IntakeLoad.http(THREADS * 2);
            this.base = base;
            this.photos = photos;
            this.tokens = tokens;
            this.points = new IntakeLoad.Points(System.getProperty("box"));
            this.category = System.getProperty("category");
        }

        /** Sends until a final answer: 429/503/409 with Retry-After wait and go again. Returns the last response. */
        HttpResponse<String> send(String kind, HttpRequest req) throws InterruptedException {
            while (true) {
                long t0 = System.nanoTime();
                HttpResponse<String> res = null;
                int status;
                String error = null;
                try {
                    res = http.send(req, HttpResponse.BodyHandlers.ofString());
                    status = res.statusCode();
                    if (status >= 300) error = "HTTP " + status + " " + abbreviate(res.body());
                } catch (HttpTimeoutException e) {
                    status = 0;
                    error = "timeout after " + TIMEOUT.toSeconds() + " s";
                } catch (IOException e) {
                    status = -1;
                    error = e.toString();
                }
                long t1 = System.nanoTime();
                answers.add(new Answer(kind, t1, t1 - t0, status, error));
                boolean retry = status == 429 || status == 503 || status == 409;
                if (error != null && !retry) {
                    errors.computeIfAbsent(kind + ": " + error, k -> new AtomicInteger())
                            .incrementAndGet();
                }
                if (!retry) return res;
                long wait = res.headers().firstValueAsLong("Retry-After").orElse(-1);
                if (wait < 0) {
                    errors.computeIfAbsent(kind + ": " + status + " without Retry-After", k -> new AtomicInteger())
                            .incrementAndGet();
                    return res;
                }
                if (System.nanoTime() + wait * 1_000_000_000L > hardStop) {
                    abandoned.incrementAndGet();
                    return res;
                }
                Thread.sleep(wait * 1000);
            }
        }

        Long upload(int thread, long cycle, int i) throws InterruptedException {
            Photo p = photos.get(i % photos.size());
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads"))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + tokens.get(thread % tokens.size()))
                    .header("Content-Type", "multipart/form-data; boundary=" + IntakeLoad.BOUNDARY)
                    .POST(IntakeLoad.multipart(Map.of(), List.of(p), (SEQ_BASE + cycle) * 4 + i))
                    .build();
            HttpResponse<String> res = send("upload", req);
            if (res == null || res.statusCode() != 202) return null;
            Matcher m = ID.matcher(res.body());
            return m.find() ? Long.parseLong(m.group(1)) : null;
        }

        void report(int thread, long cycle, List<Long> ids) throws InterruptedException {
            double[] at = points.at(SEQ_BASE + cycle);
            String json = String.format(
                    Locale.ROOT,
                    "{\"photoIds\":%s,\"lat\":%.6f,\"lng\":%.6f,\"crs\":\"WGS84\",\"accuracyM\":8,"
                            + "\"description\":\"bench report: 路面坑洞\"%s}",
                    ids,
                    at[0],
                    at[1],
                    category == null ? "" : ",\"category\":\"" + category + "\"");
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/reports"))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + tokens.get(thread % tokens.size()))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
            HttpResponse<String> res = send("report", req);
            if (res != null && res.statusCode() == 201) {
                Matcher id = ID.matcher(res.body());
                if (id.find()) reportIds.add(Long.parseLong(id.group(1)));
                Matcher st = STATUS.matcher(res.body());
                reportStatuses
                        .computeIfAbsent(st.find() ? st.group(1) : "?", k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    }

    static void flow(String label, String base, Path tokenFile, Path dir) throws Exception {
        List<Photo> photos = IntakeLoad.loadPhotos(dir, "p");
        List<String> tokens = IntakeLoad.tokens(tokenFile);
        Client client = new Client(base, photos, tokens);
        String jdbc = System.getProperty("jdbc");
        try (Connection db = DriverManager.getConnection(jdbc, System.getProperty("dbUser", "postgres"), "")) {
            long uploadsBefore = scalar(db, "select coalesce(max(id), 0) from photo_upload");
            Sampler sampler = new Sampler(jdbc);
            sampler.start();
            long start = System.nanoTime();
            long startMs = System.currentTimeMillis();
            long measureFrom = start + WARMUP_S * 1_000_000_000L;
            long measureTo = measureFrom + DURATION_S * 1_000_000_000L;
            // a cycle started before the end may finish after it, within one request timeout per step
            client.hardStop = measureTo + 4 * TIMEOUT.toNanos();
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d clients × (3 uploads + 1 report)%s, warm-up %d s, measured %d s, load average %s%n",
                    label,
                    THREADS,
                    RATE > 0
                            ? String.format(
                                    Locale.ROOT,
                                    ", paced at %.2f photos/s (a cycle every %.1f s)",
                                    RATE,
                                    3 * THREADS / RATE)
                            : ", closed loop",
                    WARMUP_S,
                    DURATION_S,
                    IntakeLoad.loadAverage());
            // paced (rate > 0): each client starts a cycle every 3 × clients ÷ rate seconds, staggered, so that
            // the photos arrive at `rate` per second in all, whatever the answers' latency (an open loop)
            double period = RATE > 0 ? 3 * THREADS / RATE * 1e9 : 0;
            AtomicLong late = new AtomicLong();
            AtomicLong seq = new AtomicLong();
            AtomicLong cycles = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread th = new Thread(
                        () -> {
                            try {
                                long next = start + (long) (period * thread / THREADS);
                                while (System.nanoTime() < measureTo) {
                                    if (period > 0) { // paced: this client's next cycle is due at `next`
                                        long now = System.nanoTime();
                                        if (now < next) {
                                            Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                                        } else if (now - next > 1_000_000_000L) {
                                            late.incrementAndGet(); // more than a second behind its schedule
                                        }
                                        next += (long) period;
                                        if (System.nanoTime() >= measureTo) break;
                                    }
                                    long cycle = seq.getAndIncrement();
                                    List<Long> ids = new ArrayList<>(3);
                                    for (int i = 0; i < 3; i++) {
                                        Long id = client.upload(thread, cycle, i);
                                        if (id == null) break;
                                        ids.add(id);
                                    }
                                    if (ids.size() == 3) {
                                        client.report(thread, cycle, ids);
                                        cycles.incrementAndGet();
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        label + "-" + t);
                th.start();
                threads.add(th);
            }
            Thread progress = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(10_000);
                        System.out.printf(
                                Locale.ROOT,
                                "  %s: %.0f s, %d answers, backlog %d, RSS %d MB, temp %.1f MB, load average %s%n",
                                label,
                                (System.nanoTime() - start) / 1e9,
                                client.answers.size(),
                                sampler.backlog,
                                sampler.rss / 1024,
                                sampler.temp / 1e6,
                                IntakeLoad.loadAverage());
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            progress.setDaemon(true);
            progress.start();
            for (Thread th : threads) th.join();
            long loadEnd = System.nanoTime();
            Timestamp loadEndAt = new Timestamp(System.currentTimeMillis());
            System.out.printf(
                    Locale.ROOT,
                    "%s: clients done after %.1f s (%d reports); waiting for the backlog to drain%n",
                    label,
                    (loadEnd - start) / 1e9,
                    cycles.get());

            // the drain: nothing waiting or in processing, no report waiting for its photos
            long backlogAtEnd =
                    scalar(db, "select count(*) from photo_upload where state in ('PENDING', 'PROCESSING')");
            long drainDeadline = loadEnd + DRAIN_TIMEOUT_S * 1_000_000_000L;
            long left;
            long waiting;
            do {
                left = scalar(db, "select count(*) from photo_upload where state in ('PENDING', 'PROCESSING')");
                waiting = scalar(db, "select count(*) from report where status = 'PHOTOS_PROCESSING'");
                if (left == 0 && waiting == 0) break;
                Thread.sleep(250);
            } while (System.nanoTime() < drainDeadline);
            double drainS = (System.nanoTime() - loadEnd) / 1e9;
            long drainedMs = System.currentTimeMillis();
            progress.interrupt();
            sampler.stop();

            print(label, "upload", client.answers, measureFrom, measureTo);
            print(label, "report", client.answers, measureFrom, measureTo);
            client.errors.forEach((k, v) -> System.out.printf("  error x%d: %s%n", v.get(), k));
            System.out.println("report statuses at submission: " + new TreeMap<>(client.reportStatuses));
            Map<String, Long> finalStatuses = new TreeMap<>();
            try (PreparedStatement ps =
                    db.prepareStatement("select status, count(*) from report where id = any(?) group by status")) {
                ps.setArray(1, db.createArrayOf("bigint", client.reportIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) finalStatuses.put(rs.getString(1), rs.getLong(2));
                }
            }
            System.out.println("report statuses after the drain: " + finalStatuses);

            // processing, from the queue's own timestamps
            double[] p = row(
                    db,
                    "select count(*), count(*) filter (where state = 'READY'), "
                            + "extract(epoch from max(processed_at) - min(created_at)), "
                            + "extract(epoch from max(processed_at) - min(processed_at)), "
                            + "count(*) filter (where processed_at > ?), "
                            + "extract(epoch from max(processed_at) - ?::timestamptz) "
                            + "from photo_upload where id > " + uploadsBefore,
                    loadEndAt,
                    loadEndAt);
            double photosN = p[0];
            double pipeline = p[2] > 0 ? photosN / p[2] : 0;
            double busy = p[3] > 0 ? (photosN - 1) / p[3] : 0;
            double drainRate = p[5] > 0 ? p[4] / p[5] : 0;
            long notDone = (long) (photosN - p[1]);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT phase=%s kind=processing photos=%d ready=%d not_ready=%d pipeline_photos_per_s=%.2f "
                            + "worker_photos_per_s=%.2f drain_photos=%d drain_photos_per_s=%.2f drain_s=%.1f drained=%s "
                            + "reports=%d still_processing=%d abandoned=%d rate=%.2f late_cycles=%d backlog_at_end=%d%n",
                    label,
                    (long) photosN,
                    (long) p[1],
                    notDone,
                    pipeline,
                    busy,
                    (long) p[4],
                    drainRate,
                    drainS,
                    left == 0 && waiting == 0,
                    client.reportIds.size(),
                    finalStatuses.getOrDefault("PHOTOS_PROCESSING", 0L),
                    client.abandoned.get(),
                    RATE,
                    late.get(),
                    backlogAtEnd);
            // when the clients started and stopped and the backlog was gone, and what each window held:
            // bench/uploads.sh divides the CPU its sampler saw in each window by them (the cost of receiving and of
            // processing a photo)
            long processedWhileArriving = (long) (photosN - p[4]);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT phase=%s kind=timeline start_ms=%d load_end_ms=%d drained_ms=%d uploads=%d reports=%d "
                            + "processed_while_arriving=%d processed_in_drain=%d%n",
                    label,
                    startMs,
                    loadEndAt.getTime(),
                    drainedMs,
                    (long) photosN,
                    client.reportIds.size(),
                    processedWhileArriving,
                    (long) p[4]);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT phase=%s kind=resources peak_rss_mb=%d hwm_rss_mb=%d peak_temp_mb=%.1f peak_backlog=%d "
                            + "service_cpu_s=%.1f%n",
                    label,
                    sampler.peakRss / 1024,
                    Sampler.status("VmHWM") / 1024,
                    sampler.peakTemp / 1e6,
                    sampler.peakBacklog,
                    sampler.cpuSeconds());
        }
    }

    private static void print(String label, String kind, List<Answer> all, long from, long to) {
        List<Answer> mine = all.stream().filter(a -> a.kind().equals(kind)).toList();
        List<Answer> measured = mine.stream()
                .filter(a -> a.endNanos() >= from && a.endNanos() <= to)
                .toList();
        long[] ok = measured.stream()
                .filter(a -> a.status() >= 200 && a.status() < 300)
                .mapToLong(Answer::nanos)
                .sorted()
                .toArray();
        long max = mine.stream().mapToLong(Answer::nanos).max().orElse(0);
        System.out.printf(
                Locale.ROOT,
                "RESULT phase=%s kind=%s clients=%d n=%d ok=%d r429=%d r503=%d r409=%d failed=%d timeouts=%d p50_ms=%.0f "
                        + "p95_ms=%.0f p99_ms=%.0f max_ms=%.0f ok_per_s=%.2f measured_n=%d%n",
                label,
                kind,
                THREADS,
                mine.size(),
                count(mine, s -> s >= 200 && s < 300),
                count(mine, s -> s == 429),
                count(mine, s -> s == 503),
                count(mine, s -> s == 409),
                count(mine, s -> s == -1 || (s >= 300 && s != 429 && s != 503 && s != 409)),
                count(mine, s -> s == 0),
                IntakeLoad.pct(ok, 50),
                IntakeLoad.pct(ok, 95),
                IntakeLoad.pct(ok, 99),
                max / 1e6,
                ok.length / (double) DURATION_S,
                measured.size());
    }

    private static long count(List<Answer> answers, java.util.function.IntPredicate status) {
        return answers.stream().filter(a -> status.test(a.status())).count();
    }

    private static long scalar(Connection db, String sql) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double[] row(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double[] v = new double[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < v.length; i++) v[i] = rs.getDouble(i + 1);
                return v;
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** Every 250 ms: the service's RSS, the bytes in its temp directories; every second the backlog (database). */
    static final class Sampler {
        private static final long PID = Long.getLong("service", 0);
        private final List<Path> dirs = Stream.of(System.getProperty("dirs", "").split(","))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
        private final String jdbc;
        private final long cpuBefore = cpuTicks();
        private volatile boolean running = true;
        private Thread thread;
        volatile long rss;
        volatile long temp;
        volatile long backlog;
        volatile long peakRss;
        volatile long peakTemp;
        volatile long peakBacklog;

        Sampler(String jdbc) {
            this.jdbc = jdbc;
        }

        void start() {
            thread = new Thread(() -> {
                try (Connection db = DriverManager.getConnection(jdbc, System.getProperty("dbUser", "postgres"), "")) {
                    int n = 0;
                    while (running) {
                        rss = status("VmRSS");
                        peakRss = Math.max(peakRss, rss);
                        temp = dirs.stream().mapToLong(Sampler::bytes).sum();
                        peakTemp = Math.max(peakTemp, temp);
                        if (n++ % 4 == 0) {
                            backlog = scalar(
                                    db, "select count(*) from photo_upload where state in ('PENDING', 'PROCESSING')");
                            peakBacklog = Math.max(peakBacklog, backlog);
                        }
                        Thread.sleep(250);
                    }
                } catch (SQLException e) {
                    System.out.println("sampler: " + e);
                } catch (InterruptedException e) {
                    // stopped
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2000);
        }

        double cpuSeconds() {
            return (cpuTicks() - cpuBefore) / (double) Integer.getInteger("clk", 100);
        }

        /** KB of a /proc/PID/status field of the service, 0 when unknown. */
        static long status(String field) {
            if (PID == 0) return 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + PID + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
            return 0;
        }

        private static long cpuTicks() {
            if (PID == 0) return 0;
            try {
                String stat = Files.readString(Path.of("/proc/" + PID + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long bytes(Path dir) {
            if (!Files.isDirectory(dir)) return 0;
            try (Stream<Path> s = Files.walk(dir)) {
                return s.mapToLong(p -> {
                            try {
                                return Files.isRegularFile(p) ? Files.size(p) : 0;
                            } catch (IOException e) {
                                return 0; // deleted meanwhile
                            }
                        })
                        .sum();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
