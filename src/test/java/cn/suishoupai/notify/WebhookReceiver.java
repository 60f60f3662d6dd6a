package cn.suishoupai.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local webhook receiver: records every request (headers and body) and answers with the status
 * the test chose for that event id (200 unless told otherwise). Serves requests on several threads,
 * so two senders can deliver to it at the same time.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(
            String eventId,
            String eventType,
            String attempt,
            String timestamp,
            String signature,
            String contentType,
            String body) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Integer, Integer>> answers = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = ex.getRequestHeaders();
            Received r = new Received(
                    h.getFirst(WebhookNotificationSender.EVENT_ID),
                    h.getFirst(WebhookNotificationSender.EVENT_TYPE),
                    h.getFirst(WebhookNotificationSender.ATTEMPT),
                    h.getFirst(WebhookNotificationSender.TIMESTAMP),
                    h.getFirst(WebhookNotificationSender.SIGNATURE),
                    h.getFirst("Content-Type"),
                    body);
            int nth;
            synchronized (received) {
                received.add(r);
                nth = (int) received.stream()
                        .filter(x -> x.eventId().equals(r.eventId()))
                        .count();
            }
            int status = answers.getOrDefault(r.eventId(), n -> 200).apply(nth);
            byte[] answer = (status == 200 ? "ok" : "receiver broken").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** status(n) answers the n-th request (1-based) that carries this event id. */
    void answer(String eventId, Function<Integer, Integer> status) {
        answers.put(eventId, status);
    }

    List<Received> receivedFor(String eventId) {
        return received.stream().filter(r -> eventId.equals(r.eventId())).toList();
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
