package cn.suishoupai.ops;

import cn.suishoupai.media.TestPhotos;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The three-instance fault drill (issue 17), run by bench/faults.sh: three instances of the production jar on one
 * PostgreSQL database and one S3 server (BenchS3), behind {@link RoundRobin}, driven by residents (SMS login, photo
 * uploads, reports with an Idempotency-Key, retried with the same key), a unit (sign, rectify with an after-photo),
 * a dispatcher (accept queued reports, re-check rectified tickets: the reward accrues) and finance (payout batches:
 * build, export, record every line paid, each retried with its Idempotency-Key) while instances are SIGKILLed and
 * restarted and the S3 server is killed for a while and restarted on the same directory. Then, from the database,
 * the bucket and the stubs ({@link DrillStubs}): every report answered 2xx is there with all its photos and their
 * objects; no report is half-written; no object is without a row once the cleanup grace has passed; no retried report
 * was stored twice; every chase step was raised once and none is left due; every outbox event was delivered and seen
 * by the receiver; no reward accrued twice; no payout line paid twice; /rewards/consistency is clean; and a routing
 * change made through one instance is used by all three within 5 s.
 *
 * <pre>java -cp TEST_CLASS_PATH cn.suishoupai.ops.FaultDrill WORK_DIR SERVICE_JAR JDBC_URL</pre>
 *
 * System properties: duration (s of load), residents, kills (instance kills), s3Outages, s3Down (s), ports
 * (comma-separated: three instances, S3), serviceOpts (JVM options of the instances). Prints a RESULT line; exits 1
 * when a check fails (losses, duplicates, orphans …), 2 when the drill itself could not run.
 */
public final class FaultDrill {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String S3_AK = "drill-access";
    static final String S3_SK = "drill-secret-key-1";
    static final String BUCKET = "suishoupai";
    static final String AUTO = "DRILL-AUTO";
    static final String REVIEW = "DRILL-REVIEW";
    static final double LAT0 = 30.0, LNG0 = 120.0, CELL = 0.01; // 10 × 10 grids of 0.01°
    /** Grace before an unused upload or an abandoned journal entry is cleaned up: short, so the drill sees it done. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(20);
    /** One of the service's keys (…-original, …-display.jpg, …-thumb.jpg) with the store's "-<uuid>" of a PUT in progress. */
    static final java.util.regex.Pattern STORE_TEMP_FILE = java.util.regex.Pattern.compile(
            ".*-(original|display\\.jpg|thumb\\.jpg)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    final Path work;
    final Path jar;
    final String jdbc;
    final int duration = Integer.getInteger("duration", 60);
    final int residents = Integer.getInteger("residents", 4);
    final int kills = Integer.getInteger("kills", 2);
    final int s3Outages = Integer.getInteger("s3Outages", 1);
    final int s3Down = Integer.getInteger("s3Down", 15);
    final String serviceOpts = System.getProperty("serviceOpts", "");

    final DrillStubs stubs;
    final List<Proc> instances = new ArrayList<>();
    Proc s3;
    int s3Port;
    RoundRobin lb;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    // what the load did
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
    final AtomicLong seq = new AtomicLong();
    final AtomicLong instanceKills = new AtomicLong();
    final AtomicLong s3Kills = new AtomicLong();
    final List<String> faultLog = new ArrayList<>();
    volatile boolean loading = true;

    // the data the driver set up
    long township;
    long unit;
    long altUnit;
    String adminToken;
    String dispatcherToken;
    String unitToken;
    String financeToken;
    LocalTime periodEnd;

    /** A report the service answered 2xx: its id, the Idempotency-Key and how many photos it named. */
    record Acked(long reportId, String key, int photos) {}

    record Resp(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    FaultDrill(Path work, Path jar, String jdbc) throws IOException {
        this.work = work;
        this.jar = jar;
        this.jdbc = jdbc;
        this.stubs = new DrillStubs();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FaultDrill WORK_DIR SERVICE_JAR JDBC_URL");
            System.exit(2);
        }
        FaultDrill d = new FaultDrill(
                Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(d::stopAll));
        int rc;
        try {
            rc = d.run();
        } catch (Exception e) {
            e.printStackTrace();
            rc = 2;
        }
        d.stopAll();
        System.out.flush();
        System.exit(rc);
    }

    // ------------------------------------------------------------------ processes

    /** A child process the drill starts, kills (SIGKILL) and starts again with the same command and environment. */
    final class Proc {
        final String name;
        final List<String> command;
        final Map<String, String> env;
        final Path log;
        final String ready;
        volatile Process process;

        Proc(String name, List<String> command, Map<String, String> env, String ready) {
            this.name = name;
            this.command = command;
            this.env = env;
            this.log = work.resolve(name + ".log");
            this.ready = ready;
        }

        void start() throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
            Files.writeString(
                    work.resolve("children.pids"),
                    process.pid() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }

        /** SIGKILL (Process.destroyForcibly on Linux), and wait for it to be gone. */
        void kill() throws InterruptedException {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                p.waitFor();
            }
        }

        void waitReady(Duration max) throws Exception {
            long until = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < until) {
                if (!process.isAlive()) throw new IllegalStateException(name + " died: see " + log);
                if (ready.startsWith("http")) {
                    if (probe(ready) == 200) return;
                } else if (Files.exists(log) && countLines(log, ready) > starts()) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(name + " not ready after " + max + ": see " + log);
        }

        int startCount;

        int starts() {
            return startCount;
        }
    }

    static long countLines(Path file, String text) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    int probe(String url) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3))
                    .GET()
                    .build();
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void startS3() throws Exception {
        s3.startCount = (int) (Files.exists(s3.log) ? countLines(s3.log, s3.ready) : 0);
        s3.start();
        s3.waitReady(Duration.ofSeconds(900));
    }

    void stopAll() {
        for (Proc p : instances) {
            Process x = p.process;
            if (x != null) x.destroyForcibly();
        }
        if (s3 != null && s3.process != null) s3.process.destroyForcibly();
        stubs.close();
        try {
            if (lb != null) lb.close();
        } catch (IOException e) {
            // exiting
        }
    }

    int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ the run

    int run() throws Exception {
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path keys = work.resolve("keys");
        generateKeys(keys);

        s3Port = freePort();
        Map<String, String> base = new HashMap<>();
        base.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        base.put("HOME", System.getenv().getOrDefault("HOME", "/tmp"));
        s3 = new Proc(
                "s3",
                List.of(
                        java,
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "cn.suishoupai.report.BenchS3",
                        work.resolve("s3").toString(),
                        String.valueOf(s3Port),
                        S3_AK,
                        S3_SK),
                base,
                "S3 ready");
        startS3();

        for (int i = 0; i < 3; i++) {
            int port = freePort();
            Map<String, String> env = new HashMap<>(base);
            env.putAll(serviceEnv(port, keys));
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.add("-Xmx512m");
            cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp-" + i)));
            for (String o : serviceOpts.trim().split("\\s+")) if (!o.isBlank()) cmd.add(o);
            cmd.add("-jar");
            cmd.add(jar.toString());
            Proc p = new Proc("instance-" + i, cmd, env, "http://127.0.0.1:" + port + "/q/health/ready");
            instances.add(p);
        }
        long t0 = System.nanoTime();
        // the first alone (it migrates the database and makes the bootstrap admin), then the other two together
        instances.get(0).start();
        instances.get(0).waitReady(Duration.ofSeconds(300));
        instances.get(1).start();
        instances.get(2).start();
        instances.get(1).waitReady(Duration.ofSeconds(300));
        instances.get(2).waitReady(Duration.ofSeconds(300));
        System.out.printf(Locale.ROOT, "3 instances ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        lb = new RoundRobin(instances.stream().map(this::port).toList());

        setUp();

        // the load and the faults
        List<Thread> actors = new ArrayList<>();
        for (int i = 0; i < residents; i++) actors.add(actor("resident-" + i, new Resident(i)::run));
        actors.add(actor("unit", this::unitLoop));
        actors.add(actor("dispatcher", this::dispatcherLoop));
        actors.add(actor("finance", this::financeLoop));
        Thread faults = actor("faults", this::faults);
        long loadStart = System.nanoTime();
        actors.forEach(Thread::start);
        faults.start();
        System.out.printf(
                Locale.ROOT,
                "load: %d residents, a unit, a dispatcher, finance for %d s; faults: %d instance kills, %d S3 outages of %d s%n",
                residents,
                duration,
                kills,
                s3Outages,
                s3Down);
        Thread.sleep(duration * 1000L);
        faults.join(); // the last fault ends with its restart
        loading = false;
        for (Thread t : actors) t.join(60_000);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        System.out.printf(Locale.ROOT, "load ran %.0f s; %s%n", loadSeconds, new TreeMap<>(summary()));
        faultLog.forEach(f -> System.out.println("fault: " + f));

        for (Proc p : instances) p.waitReady(Duration.ofSeconds(900));
        return check();
    }

    int port(Proc p) {
        return URI.create(p.ready).getPort();
    }

    Thread actor(String name, ThrowingRunnable r) {
        Thread t = new Thread(
                () -> {
                    try {
                        r.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        System.out.println(name + " stopped: " + e);
                        e.printStackTrace(System.out);
                        count(name + ".crashed");
                    }
                },
                name);
        t.setDaemon(true);
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    void generateKeys(Path keys) throws Exception {
        Files.createDirectories(keys);
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        var b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(
                keys.resolve("private.pem"),
                "-----BEGIN PRIVATE KEY-----\n"
                        + b64.encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(
                keys.resolve("public.pem"),
                "-----BEGIN PUBLIC KEY-----\n"
                        + b64.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    }

    /** The same settings for every instance (and for its restarts): production profile, short timers. */
    Map<String, String> serviceEnv(int port, Path keys) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        e.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc);
        e.put("QUARKUS_DATASOURCE_USERNAME", System.getProperty("dbUser", "postgres"));
        e.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("public.pem").toString());
        e.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keys.resolve("private.pem").toString());
        e.put("SUISHOUPAI_STORAGE_ENDPOINT", "http://127.0.0.1:" + s3Port);
        e.put("SUISHOUPAI_STORAGE_ACCESS_KEY", S3_AK);
        e.put("SUISHOUPAI_STORAGE_SECRET_KEY", S3_SK);
        e.put("SUISHOUPAI_STORAGE_BUCKET", BUCKET);
        e.put("SUISHOUPAI_PRIVACY_SECRET", "drill-privacy-secret-0123456789abcdef");
        e.put("SUISHOUPAI_BOOTSTRAP_ADMIN_USERNAME", "admin");
        e.put("SUISHOUPAI_BOOTSTRAP_ADMIN_PASSWORD", "drill-admin-1");
        e.put("SUISHOUPAI_REPORTS_DAILY_LIMIT", "1000000");
        e.put("SUISHOUPAI_AUTH_ACCESS_TOKEN_TTL", "PT2H");
        // residents sign in by SMS through the drill's gateway; all of them come from 127.0.0.1
        e.put("SUISHOUPAI_AUTH_SMS_SENDER", "http");
        e.put("SUISHOUPAI_AUTH_SMS_HTTP_URL", "http://127.0.0.1:" + stubs.port() + "/sms");
        for (String b : List.of("SMS_PER_ADDRESS", "SMS_SERVICE", "LOGIN_PER_ADDRESS", "CLAIM_PER_ADDRESS")) {
            e.put("SUISHOUPAI_BUDGETS_" + b + "_PER_HOUR", "0");
            e.put("SUISHOUPAI_BUDGETS_" + b + "_PER_DAY", "0");
        }
        // the outbox's integration channel: a signed webhook to the drill's receiver; quick retries and leases
        e.put("SUISHOUPAI_NOTIFY_SENDER", "webhook");
        e.put("SUISHOUPAI_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + stubs.port() + "/events");
        e.put("SUISHOUPAI_NOTIFY_WEBHOOK_SECRET", "drill-webhook-secret");
        e.put("SUISHOUPAI_NOTIFY_WEBHOOK_TIMEOUT", "PT3S");
        e.put("SUISHOUPAI_NOTIFY_INTERVAL", "1s");
        e.put("SUISHOUPAI_NOTIFY_LEASE", "PT10S");
        e.put("SUISHOUPAI_NOTIFY_BACKOFF_BASE", "PT1S");
        e.put("SUISHOUPAI_NOTIFY_BACKOFF_CAP", "PT4S");
        e.put("SUISHOUPAI_NOTIFY_MAX_ATTEMPTS", "100");
        // the chase every 2 s; the deadlines come from the drill's calendar and policies (setUp)
        e.put("SUISHOUPAI_CHASE_INTERVAL", "2s");
        e.put("SUISHOUPAI_OWN_DEADLINES_VERIFY", "0 WORKING_DAYS");
        e.put("SUISHOUPAI_OWN_DEADLINES_REVIEW", "0 WORKING_DAYS");
        // uploads: a killed worker's claim comes back after 60 s; unused uploads and abandoned journal entries go
        // after the grace
        e.put("SUISHOUPAI_UPLOADS_LEASE", "PT60S");
        // the drill is about faults, not hostile photos: on a starved machine an honest 480×360 JPEG has taken more
        // than the default 5 s of wall-clock time to decode and was dropped (DECODE_TIMEOUT)
        e.put("SUISHOUPAI_PHOTOS_DECODE_TIMEOUT", "30s");
        e.put("SUISHOUPAI_UPLOADS_MAX_ATTEMPTS", "20");
        e.put("SUISHOUPAI_UPLOADS_EXPIRY", "PT" + ORPHAN_GRACE.toSeconds() * 3 + "S");
        e.put("SUISHOUPAI_UPLOADS_SWEEP_INTERVAL", "5s");
        e.put("SUISHOUPAI_PHOTOS_ORPHAN_GRACE", "PT" + ORPHAN_GRACE.toSeconds() + "S");
        e.put("SUISHOUPAI_PHOTOS_CLEANUP_INTERVAL", "5s");
        e.put("SUISHOUPAI_REWARDS_AUTO_APPROVE_BELOW_FEN", "1000000");
        return e;
    }

    // ------------------------------------------------------------------ HTTP

    void count(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    Map<String, Long> summary() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Sends one request; status -1 when the connection failed or was reset (a killed instance), 0 on timeout. */
    Resp send(String kind, HttpRequest req) throws InterruptedException {
        int status;
        String body = "";
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            status = r.statusCode();
            body = r.body();
        } catch (java.net.http.HttpTimeoutException e) {
            status = 0;
        } catch (IOException e) {
            status = -1;
        }
        count("requests");
        count(kind + "." + (status <= 0 ? (status == 0 ? "timeout" : "io") : String.valueOf(status)));
        if (status >= 500) {
            count("http5xx");
            System.out.println(kind + ": HTTP " + status + " " + body.substring(0, Math.min(300, body.length())));
        }
        return new Resp(status, body);
    }

    String lbBase() {
        return "http://127.0.0.1:" + lb.port();
    }

    HttpRequest.Builder req(String base, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    Resp getJson(String kind, String base, String path, String token) throws InterruptedException {
        return send(kind, req(base, path, token).GET().build());
    }

    Resp postJson(String kind, String base, String path, String token, String json, String key)
            throws InterruptedException {
        HttpRequest.Builder b = req(base, path, token)
                .header("Content-Type", "application/json")
                .POST(body(json));
        if (key != null) b.header("Idempotency-Key", key);
        return send(kind, b.build());
    }

    static HttpRequest.BodyPublisher body(String s) {
        return HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8);
    }

    static final String BOUNDARY = "----ssp-drill-5b1e";

    static HttpRequest.BodyPublisher multipart(Map<String, String> fields, List<byte[]> photos) {
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
            parts.add(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"p" + i
                            + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            parts.add(photos.get(i));
            parts.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        parts.add(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.BodyPublishers.ofByteArrays(parts);
    }

    Resp postForm(String kind, String path, String token, Map<String, String> fields, List<byte[]> photos)
            throws InterruptedException {
        return send(
                kind,
                req(lbBase(), path, token)
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .POST(multipart(fields, photos))
                        .build());
    }

    /** A photo no other report has (distinct shapes: no same or similar photo), 480×360 JPEG. */
    static byte[] photo(long seed) {
        return TestPhotos.jpeg(TestPhotos.shapes(480, 360, 7919 * seed + 11), 0.85f);
    }

    /** Report points on a lattice ≈67 m apart: never within 50 m of another report (no NEARBY duplicate). */
    static double[] point(long n) {
        int cols = 140;
        long i = n % (140 * 140);
        return new double[] {LAT0 + 0.0003 + (i / cols) * 0.0007, LNG0 + 0.0003 + (i % cols) * 0.0007};
    }

    static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    // ------------------------------------------------------------------ set-up through the API

    String login(String base, String username, String password) throws InterruptedException {
        Resp r = postJson(
                "setup",
                base,
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                null);
        if (!r.ok()) throw new IllegalStateException("login " + username + ": " + r);
        return r.json().get("accessToken").asText();
    }

    long admin(String path, String json) throws InterruptedException {
        Resp r = postJson("setup", direct(0), "/api/v1/admin/" + path, adminToken, json, null);
        if (!r.ok()) throw new IllegalStateException(path + " " + json + ": " + r);
        JsonNode id = r.json().get("id");
        return id == null ? 0 : id.asLong();
    }

    String direct(int instance) {
        return "http://127.0.0.1:" + port(instances.get(instance));
    }

    void setUp() throws Exception {
        String a = direct(0);
        adminToken = login(a, "admin", "drill-admin-1");
        long d = admin("regions", "{\"code\":\"DRILL-D\",\"name\":\"drill district\",\"level\":\"DISTRICT\"}");
        township = admin(
                "regions",
                "{\"code\":\"DRILL-T\",\"name\":\"drill township\",\"level\":\"TOWNSHIP\",\"parentId\":" + d + "}");
        admin(
                "regions",
                "{\"code\":\"DRILL-Z1\",\"name\":\"drill zone west\",\"level\":\"ZONE\",\"parentId\":" + township
                        + "}");
        admin(
                "regions",
                "{\"code\":\"DRILL-Z2\",\"name\":\"drill zone east\",\"level\":\"ZONE\",\"parentId\":" + township
                        + "}");
        StringBuilder geo = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                double la = LAT0 + r * CELL, ln = LNG0 + c * CELL;
                if (r + c > 0) geo.append(',');
                geo.append(String.format(
                        Locale.ROOT,
                        "{\"type\":\"Feature\",\"properties\":{\"code\":\"DRILL-G%d%d\",\"name\":\"DRILL-G%d%d\","
                                + "\"zoneCode\":\"%s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.4f,%.4f],"
                                + "[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]}}",
                        r,
                        c,
                        r,
                        c,
                        c < 5 ? "DRILL-Z1" : "DRILL-Z2",
                        ln,
                        la,
                        ln + CELL,
                        la,
                        ln + CELL,
                        la + CELL,
                        ln,
                        la + CELL,
                        ln,
                        la));
            }
        }
        geo.append("]}");
        Resp g = send(
                "setup",
                req(a, "/api/v1/admin/grids/import", adminToken)
                        .header("Content-Type", "application/geo+json")
                        .POST(body(geo.toString()))
                        .build());
        if (!g.ok()) throw new IllegalStateException("grid import: " + g);
        unit = admin(
                "units",
                "{\"code\":\"DRILL-ROADS\",\"name\":\"drill roads department\",\"type\":\"DEPARTMENT\",\"regionIds\":["
                        + township + "]}");
        altUnit = admin(
                "units",
                "{\"code\":\"DRILL-ALT\",\"name\":\"drill second department\",\"type\":\"DEPARTMENT\",\"regionIds\":["
                        + township + "]}");
        String yesterday = LocalDate.now(SHANGHAI).minusDays(1).toString();
        for (String cat : List.of(AUTO, REVIEW)) {
            admin(
                    "categories",
                    "{\"code\":\"" + cat + "\",\"nameZh\":\"演练\",\"nameEn\":\"Drill\",\"defaultSeverity\":\"GENERAL\","
                            + "\"autoDispatch\":" + cat.equals(AUTO) + "}");
            admin(
                    "routing-rules",
                    "{\"categoryCode\":\"" + cat + "\",\"regionId\":" + township
                            + ",\"target\":\"UNIT\",\"leadUnitId\":" + unit + ",\"assistingUnitIds\":[]}");
            admin(
                    "reward-rules",
                    "{\"categoryCode\":\"" + cat + "\",\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":500,"
                            + "\"validFrom\":\"" + yesterday + "\"}");
            String same = "{\"amount\":0,\"unit\":\"WORKING_DAYS\"}";
            admin(
                    "deadline-policies",
                    "{\"categoryCode\":\"" + cat + "\",\"severity\":\"GENERAL\",\"sign\":" + same + ",\"rectify\":"
                            + same + ",\"recheck\":" + same + "}");
        }
        // The working day ends half-way through the load: every deadline set before then ("the same working day") is
        // due at that minute, so reminders (at half-time), overdue marks and escalations fall inside the load.
        ZonedDateTime now = ZonedDateTime.now(SHANGHAI);
        ZonedDateTime end = now.plusSeconds(Math.max(60, duration / 2))
                .withSecond(0)
                .withNano(0)
                .plusMinutes(1);
        if (end.toLocalDate().equals(now.toLocalDate())) {
            periodEnd = end.toLocalTime();
            String days = "[]";
            if (now.getDayOfWeek() == DayOfWeek.SATURDAY || now.getDayOfWeek() == DayOfWeek.SUNDAY) {
                days = "[{\"date\":\"" + now.toLocalDate() + "\",\"kind\":\"WORKDAY\",\"name\":\"drill\"}]";
            }
            Resp c = send(
                    "setup",
                    req(a, "/api/v1/admin/calendar/" + now.getYear(), adminToken)
                            .header("Content-Type", "application/json")
                            .PUT(body("{\"periods\":[\"00:00-" + periodEnd.format(DateTimeFormatter.ofPattern("HH:mm"))
                                    + "\"],\"days\":" + days + "}"))
                            .build());
            if (!c.ok()) throw new IllegalStateException("calendar: " + c);
            System.out.println("working day (Asia/Shanghai) " + now.toLocalDate() + " 00:00-" + periodEnd
                    + ": deadlines of the drill's tickets fall at " + periodEnd);
        } else {
            System.out.println(
                    "the load crosses midnight in Asia/Shanghai: no deadline falls inside it (chase not due)");
        }
        admin(
                "accounts",
                "{\"username\":\"drill-dispatcher\",\"displayName\":\"drill dispatcher\",\"password\":\"drill-pass-1\","
                        + "\"roles\":[\"dispatcher\"],\"regionIds\":[" + township + "]}");
        admin(
                "accounts",
                "{\"username\":\"drill-unit\",\"displayName\":\"drill unit\",\"password\":\"drill-pass-2\","
                        + "\"roles\":[\"unit\"],\"unitId\":" + unit + "}");
        admin(
                "accounts",
                "{\"username\":\"drill-finance\",\"displayName\":\"drill finance\",\"password\":\"drill-pass-3\","
                        + "\"roles\":[\"finance\"],\"regionIds\":[" + township + "]}");
        dispatcherToken = login(a, "drill-dispatcher", "drill-pass-1");
        unitToken = login(a, "drill-unit", "drill-pass-2");
        financeToken = login(a, "drill-finance", "drill-pass-3");
        System.out.printf(
                "data: township %d, 100 grids, units %d and %d, categories %s (auto-dispatch) and %s (reviewed), "
                        + "reward rules, same-day deadline policies, dispatcher, unit, finance%n",
                township, unit, altUnit, AUTO, REVIEW);
    }

    // ------------------------------------------------------------------ the actors

    final class Resident {
        final int index;
        String token;

        Resident(int index) {
            this.index = index;
        }

        void run() throws Exception {
            String phone = String.format("139%08d", 10_000 + index);
            while (token == null && loading) {
                Resp r = postJson(
                        "sms.request",
                        lbBase(),
                        "/api/v1/auth/sms/request",
                        null,
                        "{\"phone\":\"" + phone + "\"}",
                        null);
                String code = r.ok() ? stubs.code(phone) : null;
                if (code != null) {
                    Resp v = postJson(
                            "sms.verify",
                            lbBase(),
                            "/api/v1/auth/sms/verify",
                            null,
                            "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}",
                            null);
                    if (v.ok()) token = v.json().get("accessToken").asText();
                }
                if (token == null) sleep(r.status == 429 ? 61_000 : 1000);
            }
            while (loading) {
                report();
                sleep(300);
            }
        }

        void report() throws InterruptedException {
            long n = seq.getAndIncrement();
            int photos = 1 + (int) (n % 2);
            List<Long> ids = new ArrayList<>();
            for (int k = 0; k < photos; k++) {
                Long id = upload(photo(n * 4 + k));
                if (id == null) return; // gave up: the unused uploads expire
                ids.add(id);
            }
            String key = UUID.randomUUID().toString();
            double[] at = point(n);
            String json = String.format(
                    Locale.ROOT,
                    "{\"photoIds\":%s,\"lat\":%.6f,\"lng\":%.6f,\"crs\":\"WGS84\",\"accuracyM\":8,"
                            + "\"category\":\"%s\",\"description\":\"drill %s\"}",
                    ids,
                    at[0],
                    at[1],
                    n % 5 == 4 ? REVIEW : AUTO,
                    key);
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int attempt = 0;
            while (true) {
                Resp r = postJson("report", lbBase(), "/api/v1/reports", token, json, key);
                if (r.ok()) {
                    acked.add(new Acked(r.json().get("id").asLong(), key, photos));
                    if (attempt > 0) count("report.retried_ok");
                    return;
                }
                boolean again = r.status <= 0 || r.status >= 500 || r.status == 429 || r.status == 409;
                if (!again || System.nanoTime() > until) {
                    count("report.given_up");
                    System.out.println("report given up after " + (attempt + 1) + " attempts: " + r);
                    return;
                }
                attempt++;
                sleep(Math.min(5000, 500L * attempt));
            }
        }

        Long upload(byte[] jpeg) throws InterruptedException {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int attempt = 0;
            while (true) {
                Resp r = postForm("upload", "/api/v1/uploads", token, Map.of(), List.of(jpeg));
                if (r.ok()) return r.json().get("id").asLong();
                boolean again = r.status <= 0 || r.status >= 500 || r.status == 429;
                if (!again || System.nanoTime() > until || !loading) {
                    count("upload.given_up");
                    return null;
                }
                attempt++;
                sleep(Math.min(5000, 500L * attempt));
            }
        }
    }

    List<JsonNode> items(Resp r) {
        List<JsonNode> out = new ArrayList<>();
        if (r.ok()) r.json().path("items").forEach(out::add);
        return out;
    }

    void unitLoop() throws Exception {
        while (loading) {
            for (JsonNode t : items(getJson("unit.list", lbBase(), "/api/v1/tickets?box=TO_SIGN&size=20", unitToken))) {
                long id = t.get("id").asLong();
                // every fourth ticket is left unsigned: its deadline passes and the chase raises its steps
                if (id % 4 != 0)
                    postJson("unit.sign", lbBase(), "/api/v1/tickets/" + id + "/actions/sign", unitToken, "", null);
            }
            for (JsonNode t :
                    items(getJson("unit.list", lbBase(), "/api/v1/tickets?box=IN_PROGRESS&size=20", unitToken))) {
                long id = t.get("id").asLong();
                postForm(
                        "unit.rectify",
                        "/api/v1/tickets/" + id + "/actions/submit-rectification",
                        unitToken,
                        Map.of("note", "已整改"),
                        List.of(photo(-id)));
            }
            sleep(1000);
        }
    }

    void dispatcherLoop() throws Exception {
        while (loading) {
            for (JsonNode r :
                    items(getJson("dispatch.queue", lbBase(), "/api/v1/dispatch/reports?size=20", dispatcherToken))) {
                postJson(
                        "dispatch.accept",
                        lbBase(),
                        "/api/v1/dispatch/reports/" + r.get("id").asLong() + "/actions/accept",
                        dispatcherToken,
                        "{\"leadUnitId\":" + unit + ",\"confirmNewTicket\":true}",
                        null);
            }
            for (JsonNode t : items(
                    getJson("dispatch.list", lbBase(), "/api/v1/tickets?box=TO_RECHECK&size=20", dispatcherToken))) {
                postForm(
                        "dispatch.recheck",
                        "/api/v1/tickets/" + t.get("id").asLong() + "/actions/recheck",
                        dispatcherToken,
                        Map.of("passed", "true"),
                        List.of());
            }
            sleep(1000);
        }
    }

    /** Finance: finish what is open or exported, then build a new batch; every step retried with its key. */
    void financeLoop() throws Exception {
        while (loading) {
            for (String state : List.of("OPEN", "EXPORTED")) {
                for (JsonNode b : items(
                        getJson("finance.list", lbBase(), "/api/v1/payout-batches?state=" + state, financeToken))) {
                    settle(b.get("id").asLong());
                }
            }
            Resp r = retried(
                    "finance.build",
                    "/api/v1/payout-batches",
                    "{\"regionId\":" + township + "}",
                    "build-" + UUID.randomUUID());
            if (r.status == 201) settle(r.json().path("batch").get("id").asLong());
            sleep(5000);
        }
    }

    void settle(long batch) throws InterruptedException {
        Resp detail = getJson("finance.get", lbBase(), "/api/v1/payout-batches/" + batch, financeToken);
        if (!detail.ok()) return;
        JsonNode view = detail.json();
        String state =
                view.path("batch").path("state").asText(view.path("state").asText());
        if (state.equals("OPEN")) {
            Resp e = retried(
                    "finance.export", "/api/v1/payout-batches/" + batch + "/actions/export", "", "export-" + batch);
            if (!e.ok()) return;
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode l : view.path("lines")) {
            if (l.path("status").asText().equals("PENDING")) {
                long reward = l.get("rewardId").asLong();
                lines.add("{\"rewardId\":" + reward + ",\"status\":\"PAID\",\"externalRef\":\"TX-" + reward + "\"}");
            }
        }
        if (!lines.isEmpty()) {
            retried(
                    "finance.results",
                    "/api/v1/payout-batches/" + batch + "/results",
                    "{\"lines\":[" + String.join(",", lines) + "]}",
                    "results-" + batch);
        }
    }

    /** POST with an Idempotency-Key, again with the same key while the answer is lost or a 5xx (up to 60 s). */
    Resp retried(String kind, String path, String json, String key) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int attempt = 0;
        while (true) {
            Resp r = postJson(kind, lbBase(), path, financeToken, json, key);
            if (r.status > 0 && r.status < 500 && r.status != 429) return r;
            if (System.nanoTime() > until) return r;
            attempt++;
            sleep(Math.min(5000, 500L * attempt));
        }
    }

    // ------------------------------------------------------------------ the faults

    /** One fault at a time, spread over the load: SIGKILL an instance, restart it; kill the S3 server, restart it. */
    void faults() throws Exception {
        List<String> plan = new ArrayList<>();
        int k = 0, s = 0;
        while (k < kills || s < s3Outages) {
            if (k < kills) plan.add("kill:" + (k++ % 3));
            if (s < s3Outages && (k % 2 == 0 || k >= kills)) {
                plan.add("s3");
                s++;
            }
        }
        long start = System.nanoTime();
        double gap = duration * 0.85 / (plan.size() + 1);
        for (int i = 0; i < plan.size(); i++) {
            long at = start + (long) ((i + 1) * gap * 1e9);
            long wait = (at - System.nanoTime()) / 1_000_000;
            if (wait > 0) sleep(wait);
            String f = plan.get(i);
            long t0 = System.nanoTime();
            if (f.equals("s3")) {
                s3.kill();
                s3Kills.incrementAndGet();
                sleep(s3Down * 1000L);
                startS3();
                faultLog.add(String.format(
                        Locale.ROOT,
                        "%.0f s: S3 server killed (SIGKILL), restarted on the same directory after %d s",
                        (t0 - start) / 1e9,
                        s3Down));
            } else {
                Proc p = instances.get(Integer.parseInt(f.substring(5)));
                p.kill();
                instanceKills.incrementAndGet();
                sleep(2000);
                p.start();
                p.waitReady(Duration.ofSeconds(900));
                faultLog.add(String.format(
                        Locale.ROOT,
                        "%.0f s: %s killed (SIGKILL), restarted, ready again after %.0f s",
                        (t0 - start) / 1e9,
                        p.name,
                        (System.nanoTime() - t0) / 1e9));
            }
        }
    }

    // ------------------------------------------------------------------ the checks

    Connection db() throws SQLException {
        return DriverManager.getConnection(jdbc, System.getProperty("dbUser", "postgres"), "");
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls until the query answers 0 or the time is up; returns the last answer. */
    static long waitZero(Connection c, String sql, Duration max) throws Exception {
        long until = System.nanoTime() + max.toNanos();
        long n;
        while ((n = scalar(c, sql)) != 0 && System.nanoTime() < until) sleep(1000);
        return n;
    }

    int check() throws Exception {
        Map<String, Long> result = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try (Connection c = db()) {
            // the backlog drains: photos processed, reports finished, due chase steps raised, events delivered
            long processing = waitZero(
                    c,
                    "select (select count(*) from photo_upload where state in ('PENDING', 'PROCESSING')) "
                            + "+ (select count(*) from report where status = 'PHOTOS_PROCESSING')",
                    Duration.ofSeconds(180));
            long chasePending = waitZero(
                    c,
                    "select count(*) from ticket_chase where due_at < now() - interval '5 seconds'",
                    Duration.ofSeconds(60));
            long undelivered = waitZero(
                    c, "select count(*) from outbox_event where delivered_at is null", Duration.ofSeconds(120));
            // the grace: unused uploads expire and go, abandoned journal entries are cleaned up
            long journal = waitZero(c, "select count(*) from upload_intent", ORPHAN_GRACE.multipliedBy(4));
            long unused = waitZero(
                    c, "select count(*) from photo_upload where report_id is null", ORPHAN_GRACE.multipliedBy(6));

            // 1. every report answered 2xx is there with all its photos and their objects
            Set<String> objects = listObjects();
            Set<String> referenced = new HashSet<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select original_key, display_key, thumb_key from photo union all "
                            + "select original_key, display_key, thumb_key from photo_upload")) {
                while (rs.next()) {
                    for (int i = 1; i <= 3; i++) if (rs.getString(i) != null) referenced.add(rs.getString(i));
                }
            }
            Map<Long, Long> photosOf = new HashMap<>();
            Map<Long, String> statusOf = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select r.id, r.status, (select count(*) from photo p where "
                            + "p.report_id = r.id and p.kind = 'REPORT') from report r")) {
                while (rs.next()) {
                    statusOf.put(rs.getLong(1), rs.getString(2));
                    photosOf.put(rs.getLong(1), rs.getLong(3));
                }
            }
            // photos the service itself dropped from a report because their decode ran out of (wall-clock) time
            Set<Long> decodeTimeouts = new HashSet<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select report_id from report_event where type = 'PHOTO_DROPPED' "
                            + "and note like '%DECODE_TIMEOUT%'")) {
                while (rs.next()) decodeTimeouts.add(rs.getLong(1));
            }
            long lost = 0, missingPhotos = 0, droppedSlow = 0;
            Set<Long> ackedIds = new HashSet<>();
            for (Acked a : acked) {
                ackedIds.add(a.reportId());
                if (!statusOf.containsKey(a.reportId())) {
                    lost++;
                    System.out.println("LOST: report " + a.reportId() + " (key " + a.key()
                            + ") answered 2xx, not in the database");
                } else if (photosOf.get(a.reportId()) != a.photos() && decodeTimeouts.contains(a.reportId())) {
                    droppedSlow++;
                    System.out.println(
                            "DROPPED (DECODE_TIMEOUT, the machine too slow, not a fault): report " + a.reportId()
                                    + " has " + photosOf.get(a.reportId()) + " of its " + a.photos() + " photos");
                } else if (photosOf.get(a.reportId()) != a.photos()) {
                    missingPhotos++;
                    System.out.println("LOST PHOTOS: report " + a.reportId() + " has " + photosOf.get(a.reportId())
                            + " of its " + a.photos() + " photos (status " + statusOf.get(a.reportId()) + ")");
                }
            }
            long missingObjects = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select id, original_key, display_key, thumb_key from photo")) {
                while (rs.next()) {
                    for (int i = 2; i <= 4; i++) {
                        if (!objects.contains(rs.getString(i))) {
                            missingObjects++;
                            System.out.println(
                                    "HALF-WRITTEN: photo " + rs.getLong(1) + " has no object " + rs.getString(i));
                        }
                    }
                }
            }
            long orphans = 0, storeTemp = 0;
            for (String o : objects) {
                if (!referenced.contains(o) && STORE_TEMP_FILE.matcher(o).matches()) {
                    // not the service's: the filesystem store (S3Proxy over jclouds) writes a PUT to "<key>-<uuid>"
                    // and renames it when complete; the drill SIGKILLs the store mid-PUT, and the half file stays
                    storeTemp++;
                    System.out.println("STORE TEMP FILE (the S3 server killed mid-write, not an orphan): " + o);
                } else if (!referenced.contains(o)) {
                    orphans++;
                    if (orphans <= 10) System.out.println("ORPHAN: object " + o + " without a row");
                }
            }
            long reportsWithoutPhotos = scalar(
                    c,
                    "select count(*) from report r where not exists (select 1 from photo p where p.report_id = r.id "
                            + "and p.kind = 'REPORT')");
            long duplicateReports = scalar(
                    c,
                    "select count(*) from (select description from report group by description having count(*) > 1) x");
            long unacknowledged = statusOf.keySet().stream()
                    .filter(id -> !ackedIds.contains(id))
                    .count();
            result.put("reports_2xx", (long) ackedIds.size());
            result.put("photos", scalar(c, "select count(*) from photo"));
            result.put("objects", (long) objects.size());
            result.put("lost_reports", lost);
            result.put("lost_photos", missingPhotos);
            result.put("photos_dropped_decode_timeout", droppedSlow);
            result.put("half_written", missingObjects + reportsWithoutPhotos + processing);
            result.put("orphans", orphans);
            result.put("store_temp_files", storeTemp);
            result.put("duplicate_reports", duplicateReports);
            result.put("unacknowledged_reports", unacknowledged);
            result.put("journal_left", journal);
            // an Idempotency-Key whose first request died with its instance (claimed, never answered): nothing of it
            // was committed, and a retry takes it over after suishoupai.idempotency.lease; left over only where no
            // retry came (reported, not failed). A report stored under a key that has no answer is a failure: a client
            // that gave up and tried again with a new key would have made it twice
            result.put(
                    "stuck_idempotency_keys",
                    scalar(c, "select count(*) from idempotency_record where status is null"));
            result.put(
                    "created_unanswered",
                    scalar(
                            c,
                            "select count(*) from idempotency_record i join report r on r.description = 'drill ' || "
                                    + "i.idem_key where i.status is null"));
            result.put("reports_given_up", summary().getOrDefault("report.given_up", 0L));
            result.put("unused_uploads_left", unused);

            // 2. the chase: each step once, none left due
            long chaseSteps = scalar(
                    c,
                    "select count(*) from ticket_event where type in ('DEADLINE_REMINDER', 'TICKET_OVERDUE', "
                            + "'ESCALATED_TO_DISPATCHER', 'ESCALATED_TO_LEADERS')");
            long chaseTwice = scalar(
                    c,
                    "select count(*) from (select ticket_id, type, details->>'deadline', details->>'deadlineAt' "
                            + "from ticket_event where type in ('DEADLINE_REMINDER', 'TICKET_OVERDUE', "
                            + "'ESCALATED_TO_DISPATCHER', 'ESCALATED_TO_LEADERS') group by 1, 2, 3, 4 having count(*) > 1) x");
            result.put("chase_steps", chaseSteps);
            result.put("chase_twice", chaseTwice);
            result.put("chase_left_due", chasePending);

            // 3. the outbox: every event delivered, seen by the receiver; nothing seen that is not an event
            Set<String> eventIds = new HashSet<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select event_id::text from outbox_event")) {
                while (rs.next()) eventIds.add(rs.getString(1));
            }
            long notReceived = eventIds.stream()
                    .filter(id -> !stubs.received.containsKey(id))
                    .count();
            long unknown = stubs.received.keySet().stream()
                    .filter(id -> !eventIds.contains(id))
                    .count();
            long redelivered =
                    stubs.received.values().stream().mapToLong(n -> n.get() - 1).sum();
            result.put("outbox_events", (long) eventIds.size());
            result.put("outbox_undelivered", undelivered);
            result.put("outbox_failed", scalar(c, "select count(*) from outbox_event where failed_at is not null"));
            result.put("events_not_received", notReceived);
            result.put("events_unknown", unknown);
            result.put("events_redelivered", redelivered);
            result.put("receiver_refusals", stubs.refused.get());

            // 4. rewards and payouts
            result.put("rewards", scalar(c, "select count(*) from reward"));
            result.put("rewards_paid", scalar(c, "select count(*) from reward where state = 'PAID'"));
            result.put(
                    "rewards_twice",
                    scalar(c, "select count(*) from (select ticket_id from reward group by 1 having count(*) > 1) x")
                            + scalar(
                                    c,
                                    "select count(*) from (select reward_id from reward_ledger where kind = 'ACCRUAL' "
                                            + "group by 1 having count(*) > 1) x"));
            result.put(
                    "paid_twice",
                    scalar(
                                    c,
                                    "select count(*) from (select reward_id from payout_line where status = 'PAID' "
                                            + "group by 1 having count(*) > 1) x")
                            + scalar(
                                    c,
                                    "select count(*) from (select reward_id from reward_ledger where kind = 'PAYMENT' "
                                            + "group by 1 having count(*) > 1) x"));
        }
        Resp consistency = getJson("check", direct(1), "/api/v1/rewards/consistency", financeToken);
        boolean consistent =
                consistency.ok() && consistency.json().path("consistent").asBoolean(false);
        if (!consistent) System.out.println("INCONSISTENT: /rewards/consistency " + consistency);
        result.put(
                "consistency_mismatches",
                consistent
                        ? 0L
                        : Math.max(
                                1,
                                consistency.ok()
                                        ? consistency.json().path("mismatches").size()
                                        : 1));

        // 5. a routing change through one instance, used by all three within 5 s
        long worst = 0;
        for (int i = 0; i < 3; i++) worst = Math.max(worst, routingChange(i));
        result.put("routing_max_ms", worst);

        Map<String, Long> load = summary();
        long requests = load.getOrDefault("requests", 0L);
        long ok = load.entrySet().stream()
                .filter(e -> e.getKey().matches(".*\\.2\\d\\d"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long io = load.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".io") || e.getKey().endsWith(".timeout"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long losses = result.get("lost_reports")
                + result.get("lost_photos")
                + result.get("half_written")
                + result.get("events_not_received")
                + result.get("outbox_undelivered");
        System.out.println();
        System.out.println("=== checks");
        result.forEach((k, v) -> System.out.println(k + " = " + v));
        if (result.get("reports_2xx") == 0) failures.add("no report was answered 2xx");
        if (losses > 0) failures.add("losses: " + losses);
        for (String k : List.of(
                "orphans",
                "duplicate_reports",
                "chase_twice",
                "chase_left_due",
                "outbox_failed",
                "events_unknown",
                "rewards_twice",
                "paid_twice",
                "consistency_mismatches",
                "journal_left",
                "created_unanswered")) {
            if (result.get(k) != 0) failures.add(k + " = " + result.get(k));
        }
        load.forEach((k, v) -> {
            if (k.endsWith(".crashed"))
                failures.add(k.replace(".crashed", "") + " stopped with an exception (see above)");
        });
        if (worst > 5000 || worst < 0) failures.add("routing change took " + worst + " ms to reach every instance");
        System.out.printf(
                Locale.ROOT,
                "RESULT mode=faults duration_s=%d residents=%d requests=%d ok=%d conn_failures=%d http5xx=%d "
                        + "instance_kills=%d s3_outages=%d receiver_refusals=%d reports=%d photos=%d chase_steps=%d "
                        + "outbox_events=%d redelivered=%d rewards=%d paid=%d routing_max_ms=%d losses=%d duplicates=%d "
                        + "orphans=%d dropped_decode_timeout=%d stuck_idempotency_keys=%d reports_given_up=%d "
                        + "failed_checks=%d%n",
                duration,
                residents,
                requests,
                ok,
                io,
                load.getOrDefault("http5xx", 0L),
                instanceKills.get(),
                s3Kills.get(),
                result.get("receiver_refusals"),
                result.get("reports_2xx"),
                result.get("photos"),
                result.get("chase_steps"),
                result.get("outbox_events"),
                result.get("events_redelivered"),
                result.get("rewards"),
                result.get("rewards_paid"),
                worst,
                losses,
                result.get("duplicate_reports")
                        + result.get("chase_twice")
                        + result.get("rewards_twice")
                        + result.get("paid_twice"),
                result.get("orphans"),
                result.get("photos_dropped_decode_timeout"),
                result.get("stuck_idempotency_keys"),
                result.get("reports_given_up"),
                failures.size());
        failures.forEach(f -> System.out.println("CHECK FAILED: " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    Set<String> listObjects() throws Exception {
        MinioClient minio = MinioClient.builder()
                .endpoint("http://127.0.0.1:" + s3Port)
                .credentials(S3_AK, S3_SK)
                .build();
        Set<String> keys = new HashSet<>();
        for (Result<Item> r : minio.listObjects(
                ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build())) {
            String key = r.get().objectName();
            // the filesystem store lists its directories as "prefix/" entries: not objects
            if (!key.endsWith("/")) keys.add(key);
        }
        return keys;
    }

    /**
     * Through instance {@code via}: a rule sending the auto-dispatched category in grid DRILL-G0{via} to the second
     * unit; then how long until each instance, asked directly, routes a point of that grid there.
     */
    long routingChange(int via) throws Exception {
        long grid;
        try (Connection c = db()) {
            grid = scalar(c, "select id from region where code = 'DRILL-G0" + via + "'");
        }
        long posted = System.nanoTime();
        Resp r = postJson(
                "check",
                direct(via),
                "/api/v1/admin/routing-rules",
                adminToken,
                "{\"categoryCode\":\"" + AUTO + "\",\"regionId\":" + grid + ",\"target\":\"UNIT\",\"leadUnitId\":"
                        + altUnit + ",\"assistingUnitIds\":[]}",
                null);
        if (!r.ok()) throw new IllegalStateException("routing rule: " + r);
        // from the moment the change is made (committed, answered), not from when the request was sent
        long t0 = System.nanoTime();
        long postMs = (t0 - posted) / 1_000_000;
        double lat = LAT0 + 0.005, lng = LNG0 + via * CELL + 0.005;
        long worst = 0;
        for (int i = 0; i < 3; i++) {
            long until = t0 + Duration.ofSeconds(30).toNanos();
            while (true) {
                Resp p = getJson(
                        "check",
                        direct(i),
                        String.format(
                                Locale.ROOT,
                                "/api/v1/routing/preview?lat=%.4f&lng=%.4f&crs=WGS84&category=%s",
                                lat,
                                lng,
                                AUTO),
                        adminToken);
                if (p.ok() && p.json().path("leadUnit").path("id").asLong() == altUnit) break;
                if (System.nanoTime() > until) return -1;
                sleep(50);
            }
            worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
        }
        System.out.printf(
                "routing: a rule made through instance-%d (answered in %d ms) routed by all three %d ms after%n",
                via, postMs, worst);
        return worst;
    }
}
