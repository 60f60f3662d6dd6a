package cn.suishoupai.notify;

import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.Outbound;
import cn.suishoupai.common.Times;
import cn.suishoupai.identity.AuthConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The mini-program's access token (接口调用凭据) for subscription messages, from the stable-token API
 * (POST {base}/cgi-bin/stable_token, grant_type=client_credential), cached in wechat_access_token so
 * that every instance shares one token. A token is refreshed when it is (nearly) expired, or when a
 * send answers that it is not valid any more (40001, 42001): then with force_refresh, once. Refreshing
 * holds an advisory lock on the app id and re-reads the row first, so instances that find the same
 * token expired at the same moment refresh it once: the others wait and take the new one.
 */
@ApplicationScoped
public class WechatTokens {

    private static final Logger LOG = Logger.getLogger(WechatTokens.class);

    /** The token could not be had (WeChat unreachable or refusing): the send is tried again later. */
    public static class Unavailable extends Exception {

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final AuthConfig.Wechat app;
    private final Duration margin;
    private final Duration timeout;
    private final EntityManager em;
    private final AdvisoryLocks locks;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final HttpClient http;

    WechatTokens(
            AuthConfig auth,
            NotifyConfig config,
            EntityManager em,
            AdvisoryLocks locks,
            ObjectMapper mapper,
            Clock clock) {
        this.app = auth.wechat();
        this.margin = config.wechat().tokenMargin();
        this.timeout = config.wechat().timeout();
        this.em = em;
        this.locks = locks;
        this.mapper = mapper;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Whether the mini-program's app id and secret are set: without them nothing is sent by WeChat. */
    public boolean configured() {
        return app.appId().filter(s -> !s.isBlank()).isPresent()
                && app.appSecret().filter(s -> !s.isBlank()).isPresent();
    }

    /** A token to send with: the cached one while it is valid, else a fresh one. */
    public String current() throws Unavailable {
        Cached c = QuarkusTransaction.requiringNew().call(this::read);
        if (c != null && c.validAt(now(), margin)) {
            return c.token();
        }
        return refresh(null);
    }

    /**
     * WeChat refused {@code rejected} (40001 / 42001): a new token, unless another instance has already
     * replaced it, in which case that one.
     */
    public String refreshAfterRejected(String rejected) throws Unavailable {
        return refresh(rejected);
    }

    private String refresh(String rejected) throws Unavailable {
        String appId = app.appId().orElseThrow();
        Object out = QuarkusTransaction.requiringNew().call(() -> {
            locks.lock("wechat-access-token:" + appId);
            Cached c = read();
            Instant now = now();
            if (c != null && c.validAt(now, margin) && !c.token().equals(rejected)) {
                return c.token(); // refreshed meanwhile by another instance (or still good)
            }
            Object fetched = fetch(rejected != null);
            if (fetched instanceof Unavailable u) {
                return u;
            }
            Cached fresh = (Cached) fetched;
            em.createNativeQuery("insert into wechat_access_token (app_id, access_token, expires_at, refreshed_at, "
                            + "refreshes) values (?1, ?2, ?3, ?4, 1) on conflict (app_id) do update set "
                            + "access_token = excluded.access_token, expires_at = excluded.expires_at, "
                            + "refreshed_at = excluded.refreshed_at, refreshes = wechat_access_token.refreshes + 1")
                    .setParameter(1, appId)
                    .setParameter(2, fresh.token())
                    .setParameter(3, fresh.expiresAt())
                    .setParameter(4, now)
                    .executeUpdate();
            LOG.infof(
                    "WeChat access token refreshed (%s), valid until %s",
                    rejected == null ? "expired" : "rejected by WeChat", fresh.expiresAt());
            return fresh.token();
        });
        if (out instanceof Unavailable u) {
            throw u;
        }
        return (String) out;
    }

    /** How many times this app's token was fetched (operations, tests). */
    public long refreshes() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> n = em.createNativeQuery("select refreshes from wechat_access_token where app_id = ?1")
                    .setParameter(1, app.appId().orElse(""))
                    .getResultList();
            return n.isEmpty() ? 0L : n.get(0).longValue();
        });
    }

    private record Cached(String token, Instant expiresAt) {

        boolean validAt(Instant now, Duration margin) {
            return expiresAt.minus(margin).isAfter(now);
        }
    }

    private Cached read() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select access_token, expires_at from wechat_access_token where app_id = ?1")
                .setParameter(1, app.appId().orElse(""))
                .getResultList();
        return rows.isEmpty() ? null : new Cached((String) rows.get(0)[0], Times.instant(rows.get(0)[1]));
    }

    /** POST stable_token; a Cached, or an Unavailable saying why not (returned, not thrown, from the transaction). */
    private Object fetch(boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_type", "client_credential");
        body.put("appid", app.appId().orElseThrow());
        body.put("secret", app.appSecret().orElseThrow());
        body.put("force_refresh", force);
        HttpResponse<String> resp;
        try {
            resp = Outbound.send(
                    "wechat",
                    http,
                    HttpRequest.newBuilder(URI.create(app.baseUrl().replaceAll("/+$", "") + "/cgi-bin/stable_token"))
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Unavailable("WeChat stable_token unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
        if (resp.statusCode() != 200) {
            return new Unavailable("WeChat stable_token answered HTTP " + resp.statusCode());
        }
        JsonNode json;
        try {
            json = mapper.readTree(resp.body());
        } catch (IOException e) {
            return new Unavailable("WeChat stable_token answered non-JSON");
        }
        int errcode = json.path("errcode").asInt(0);
        String token = json.path("access_token").asText("");
        if (errcode != 0 || token.isBlank()) {
            // 40013 invalid appid, 40125 invalid secret, 45009 daily limit, -1 busy: nothing is sent until it answers
            LOG.warnf(
                    "WeChat stable_token refused: errcode=%d errmsg=%s",
                    errcode, json.path("errmsg").asText(""));
            return new Unavailable("WeChat stable_token errcode " + errcode + " "
                    + json.path("errmsg").asText(""));
        }
        long seconds = json.path("expires_in").asLong(7200);
        return new Cached(token, now().plusSeconds(Math.max(60, seconds)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
