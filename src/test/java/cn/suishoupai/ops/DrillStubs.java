package cn.suishoupai.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outside world of the fault drill, in the driver's JVM: the SMS gateway (suishoupai.auth.sms.sender=http: login
 * codes by phone, notices counted) and the receiver of the outbox's integration webhook (suishoupai.notify.sender=
 * webhook), which counts every delivery by X-Suishoupai-Event-Id and deduplicates by it, as a real receiver must.
 * The receiver refuses the first delivery of every tenth event id (HTTP 500) so the outbox's retries run too.
 */
final class DrillStubs implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    /** Deliveries per event id, refused ones not counted. */
    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

    private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
    final AtomicLong deliveries = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong smsNotices = new AtomicLong();

    DrillStubs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "drill-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/sms", this::sms);
        server.createContext("/events", this::event);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The last login code sent to this phone, waiting up to 10 s for it. */
    String code(String phone) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String c = codes.remove(phone);
            if (c != null) return c;
            Thread.sleep(100);
        }
        return null;
    }

    private void sms(HttpExchange x) throws IOException {
        JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
        if (body.hasNonNull("code")) {
            codes.put(body.get("phone").asText(), body.get("code").asText());
        } else {
            smsNotices.incrementAndGet();
        }
        answer(x, 200);
    }

    private void event(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        String id = x.getRequestHeaders().getFirst("X-Suishoupai-Event-Id");
        if (id == null) {
            answer(x, 400);
            return;
        }
        if (Math.floorMod(id.hashCode(), 10) == 0 && refusedOnce.add(id)) {
            refused.incrementAndGet();
            answer(x, 500);
            return;
        }
        deliveries.incrementAndGet();
        received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        answer(x, 204);
    }

    private static void answer(HttpExchange x, int status) throws IOException {
        byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
        if (status == 204) {
            x.sendResponseHeaders(204, -1);
        } else {
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
