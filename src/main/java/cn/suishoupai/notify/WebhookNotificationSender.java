package cn.suishoupai.notify;

import cn.suishoupai.common.Outbound;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each event as JSON to one configured URL (a county's message gateway, a chat-bot bridge).
 * Headers: X-Suishoupai-Event-Id (deduplicate by it), X-Suishoupai-Event-Type, X-Suishoupai-Attempt,
 * X-Suishoupai-Timestamp (epoch seconds) and X-Suishoupai-Signature: sha256=hex(HMAC-SHA256(secret,
 * timestamp + "." + body)), so the receiver can tell the sender is us and reject replays of old
 * timestamps. Any answer but 2xx, and any I/O error or timeout, is a failed attempt.
 */
@ApplicationScoped
@Identifier("webhook")
public class WebhookNotificationSender implements NotificationSender {

    public static final String EVENT_ID = "X-Suishoupai-Event-Id";
    public static final String EVENT_TYPE = "X-Suishoupai-Event-Type";
    public static final String ATTEMPT = "X-Suishoupai-Attempt";
    public static final String TIMESTAMP = "X-Suishoupai-Timestamp";
    public static final String SIGNATURE = "X-Suishoupai-Signature";

    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    @Inject
    WebhookNotificationSender(NotifyConfig config, Clock clock) {
        this(
                config.webhook().url().orElseThrow(() -> new IllegalStateException(OutboxDelivery.MISSING_WEBHOOK)),
                config.webhook().secret().orElseThrow(() -> new IllegalStateException(OutboxDelivery.MISSING_WEBHOOK)),
                config.webhook().timeout(),
                clock);
    }

    /** A sender for one URL and secret (tests point it at a local receiver). */
    public WebhookNotificationSender(String url, String secret, Duration timeout, Clock clock) {
        this.url = URI.create(url);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(Notification n) throws DeliveryFailed {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(EVENT_ID, n.eventId().toString())
                .header(EVENT_TYPE, n.type())
                .header(ATTEMPT, String.valueOf(n.attempt()))
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(secret, timestamp, n.body()))
                .POST(HttpRequest.BodyPublishers.ofString(n.body(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = Outbound.send("webhook", http, request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryFailed("webhook unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new DeliveryFailed("webhook answered HTTP " + response.statusCode()
                    + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }

    static String sign(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
