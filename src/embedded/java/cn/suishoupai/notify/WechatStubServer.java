package cn.suishoupai.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A local stand-in for the WeChat and WeCom APIs the service calls, answering as they do (HTTP 200,
 * JSON with an errcode, often labelled text/plain), for the local run and the tests. Never in a
 * production build (src/embedded is compiled only without -Dprod).
 * <ul>
 * <li>{@code GET /sns/jscode2session}: the js_code decides: "ok-&lt;openid&gt;" logs in as that openid
 * (the local run: any code without "-" is taken as the openid itself); "used" 40163, "busy" -1,
 * "limited" 45011, "http500" an HTTP 500; anything else 40029.</li>
 * <li>{@code POST /cgi-bin/stable_token}: a token valid 7200 s; the same one again until it expires
 * or force_refresh is asked for. Wrong appid / secret: 40013 / 40125.</li>
 * <li>{@code POST /cgi-bin/message/subscribe/send}: 42001 for an expired token, 40001 for any other
 * token that is not the current one, 43101 for an openid that refused, 45009 while that openid is rate-limited,
 * 40037 for template ids starting "bad-"; else kept as a message.</li>
 * <li>{@code POST /cgi-bin/webhook/send?key=}: WeCom group bot; 93000 for keys starting "invalid",
 * 45009 while rate-limited; else kept.</li>
 * <li>Controls (this stub only): {@code GET /stub/messages} (what would have been sent),
 * {@code GET /stub/stats}, {@code POST /stub/expire-token}, {@code /stub/invalidate-token},
 * {@code /stub/refuse?openid=}, {@code /stub/rate-limit?to=&count=} (an openid or a bot key), {@code /stub/reset}.</li>
 * </ul>
 */
public final class WechatStubServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WechatStubServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String appId;
    private final String appSecret;
    private final boolean lenientLogin;

    // state, guarded by this
    private String token;
    private Instant tokenExpires = Instant.EPOCH;
    private boolean tokenExpired;
    private final Set<String> retired = new HashSet<>();
    private int issued;
    private int stableTokenCalls;
    private int forced;
    private final Map<String, Integer> rateLimited = new java.util.HashMap<>();
    private final Set<String> refusing = new HashSet<>();
    private final List<Map<String, Object>> messages = new ArrayList<>();

    private WechatStubServer(HttpServer server, String appId, String appSecret, boolean lenientLogin) {
        this.server = server;
        this.appId = appId;
        this.appSecret = appSecret;
        this.lenientLogin = lenientLogin;
    }

    /**
     * Starts on 127.0.0.1:port (0: a free one). lenientLogin: a login code without "-" is taken as the
     * openid (the local run: log in as anyone).
     */
    public static WechatStubServer start(int port, String appId, String appSecret, boolean lenientLogin)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        WechatStubServer stub = new WechatStubServer(server, appId, appSecret, lenientLogin);
        server.createContext("/sns/jscode2session", ex -> stub.handle(ex, stub::login));
        server.createContext("/cgi-bin/stable_token", ex -> stub.handle(ex, stub::stableToken));
        server.createContext("/cgi-bin/message/subscribe/send", ex -> stub.handle(ex, stub::subscribeSend));
        server.createContext("/cgi-bin/webhook/send", ex -> stub.handle(ex, stub::wecomSend));
        server.createContext("/stub/", ex -> stub.handle(ex, stub::control));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "wechat-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return stub;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private interface Handler {
        Answer answer(HttpExchange ex, Map<String, String> query, JsonNode body) throws IOException;
    }

    private record Answer(int status, String body) {

        static Answer json(Object o) {
            try {
                return new Answer(200, JSON.writeValueAsString(o));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer error(int errcode, String errmsg) {
            return json(Map.of("errcode", errcode, "errmsg", errmsg));
        }
    }

    private void handle(HttpExchange ex, Handler h) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? JSON.createObjectNode() : readOrEmpty(in);
            Answer a = h.answer(ex, query(ex.getRequestURI()), body);
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            // like WeChat: JSON labelled text/plain
            ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private static JsonNode readOrEmpty(byte[] in) {
        try {
            return JSON.readTree(in);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    // ------------------------------------------------------------------ WeChat

    private Answer login(HttpExchange ex, Map<String, String> q, JsonNode body) {
        String code = q.getOrDefault("js_code", "");
        if (!appId.equals(q.get("appid"))
                || !appSecret.equals(q.get("secret"))
                || !"authorization_code".equals(q.get("grant_type"))) {
            return Answer.error(40125, "invalid appsecret");
        }
        if (code.startsWith("ok-")) {
            return Answer.json(Map.of("openid", code.substring(3), "session_key", "sk"));
        }
        return switch (code) {
            case "used" -> Answer.error(40163, "code been used");
            case "busy" -> Answer.error(-1, "system error");
            case "limited" -> Answer.error(45011, "api minute-quota reach limit");
            case "http500" -> new Answer(500, "<html>Internal Server Error</html>");
            default ->
                lenientLogin && !code.isBlank() && !code.contains("-") && code.length() <= 64
                        ? Answer.json(Map.of("openid", code, "session_key", "sk"))
                        : Answer.error(40029, "invalid code");
        };
    }

    private synchronized Answer stableToken(HttpExchange ex, Map<String, String> q, JsonNode body) {
        stableTokenCalls++;
        if (!"client_credential".equals(body.path("grant_type").asText())) {
            return Answer.error(40002, "invalid grant_type");
        }
        if (!appId.equals(body.path("appid").asText())) {
            return Answer.error(40013, "invalid appid");
        }
        if (!appSecret.equals(body.path("secret").asText())) {
            return Answer.error(40125, "invalid appsecret");
        }
        boolean force = body.path("force_refresh").asBoolean(false);
        Instant now = Instant.now();
        if (force || token == null || tokenExpired || !tokenExpires.isAfter(now)) {
            if (force) {
                forced++;
            }
            if (token != null) {
                retired.add(token);
            }
            issued++;
            token = "stub-token-" + issued + "-" + Long.toHexString(System.nanoTime());
            tokenExpires = now.plusSeconds(7200);
            tokenExpired = false;
        }
        return Answer.json(Map.of("access_token", token, "expires_in", tokenExpires.getEpochSecond() - now.getEpochSecond()));
    }

    private synchronized Answer subscribeSend(HttpExchange ex, Map<String, String> q, JsonNode body) {
        String t = q.get("access_token");
        if (t == null || !t.equals(token)) {
            return retired.contains(t)
                    ? Answer.error(42001, "access_token expired")
                    : Answer.error(40001, "invalid credential, access_token is invalid or not latest");
        }
        if (tokenExpired) {
            return Answer.error(42001, "access_token expired");
        }
        String openid = body.path("touser").asText("");
        String template = body.path("template_id").asText("");
        if (openid.isBlank()) {
            return Answer.error(40003, "invalid openid");
        }
        if (template.isBlank() || template.startsWith("bad-")) {
            return Answer.error(40037, "invalid template_id");
        }
        if (limited(openid)) {
            return Answer.error(45009, "reach max api daily quota limit");
        }
        if (refusing.contains(openid)) {
            return Answer.error(43101, "user refuse to accept the msg");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", "WECHAT");
        m.put("to", openid);
        m.put("templateId", template);
        m.put("page", body.path("page").asText(null));
        m.put("data", body.path("data"));
        m.put("at", Instant.now().toString());
        messages.add(m);
        LOG.infof("WeChat stub: subscription message %s to %s: %s", template, openid, body.path("data"));
        return Answer.json(Map.of("errcode", 0, "errmsg", "ok", "msgid", messages.size()));
    }

    // ------------------------------------------------------------------ WeCom

    private synchronized Answer wecomSend(HttpExchange ex, Map<String, String> q, JsonNode body) {
        String key = q.getOrDefault("key", "");
        if (key.isBlank() || key.startsWith("invalid")) {
            return Answer.error(93000, "invalid webhook url");
        }
        String msgtype = body.path("msgtype").asText("");
        String content = body.path(msgtype).path("content").asText("");
        if (!msgtype.equals("text") && !msgtype.equals("markdown")) {
            return Answer.error(40008, "invalid message type");
        }
        if (content.isBlank()) {
            return Answer.error(44004, "empty content");
        }
        if (limited(key)) {
            return Answer.error(45009, "api freq out of limit");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", "WECOM");
        m.put("to", key);
        m.put("msgtype", msgtype);
        m.put("content", content);
        m.put("at", Instant.now().toString());
        messages.add(m);
        LOG.infof("WeCom stub: %s to bot %s: %s", msgtype, key, content);
        return Answer.json(Map.of("errcode", 0, "errmsg", "ok"));
    }

    // ------------------------------------------------------------------ controls

    private synchronized Answer control(HttpExchange ex, Map<String, String> q, JsonNode body) {
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/stub/messages" -> {
                String to = q.get("to");
                return Answer.json(messages.stream()
                        .filter(m -> to == null || to.equals(m.get("to")))
                        .toList());
            }
            case "/stub/stats" -> {
                return Answer.json(Map.of(
                        "stableTokenCalls", stableTokenCalls, "tokensIssued", issued, "forcedRefreshes", forced));
            }
            case "/stub/expire-token" -> {
                tokenExpired = true;
                if (token != null) {
                    retired.add(token);
                    token = token + "-expired";
                }
            }
            case "/stub/invalidate-token" -> {
                token = token == null ? null : token + "-invalidated";
            }
            case "/stub/refuse" -> refusing.add(q.getOrDefault("openid", ""));
            case "/stub/accept" -> refusing.remove(q.getOrDefault("openid", ""));
            case "/stub/rate-limit" -> rateLimited.put(q.getOrDefault("to", ""), Integer.parseInt(q.getOrDefault("count", "1")));
            case "/stub/reset" -> {
                messages.clear();
                refusing.clear();
                rateLimited.clear();
            }
            default -> {
                return new Answer(404, "{\"errcode\":404,\"errmsg\":\"no such stub path\"}");
            }
        }
        return Answer.json(Map.of("errcode", 0, "errmsg", "ok"));
    }

    /** Whether the next send to this openid or bot key is rate-limited (counts one down). */
    private boolean limited(String to) {
        Integer left = rateLimited.get(to);
        if (left == null || left <= 0) {
            return false;
        }
        rateLimited.put(to, left - 1);
        return true;
    }

    private static Map<String, String> query(URI uri) {
        String raw = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        return Stream.of(raw.split("&"))
                .filter(s -> s.contains("="))
                .collect(Collectors.toMap(
                        s -> decode(s.substring(0, s.indexOf('='))),
                        s -> decode(s.substring(s.indexOf('=') + 1)),
                        (a, b) -> b));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
