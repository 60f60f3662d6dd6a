package cn.suishoupai.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A local stand-in for api.weixin.qq.com's jscode2session. The js_code decides the answer:
 * "ok-&lt;openid&gt;" succeeds with that openid; the others reproduce WeChat's error answers.
 * Like WeChat, it replies HTTP 200 with text/plain JSON for errors.
 */
public final class WechatStub implements AutoCloseable {

    public static final String APP_ID = "wx-test-app";
    public static final String APP_SECRET = "wx-test-secret";

    private final HttpServer server;

    private WechatStub(HttpServer server) {
        this.server = server;
    }

    public static WechatStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sns/jscode2session", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI());
            int status = 200;
            String body;
            String code = q.getOrDefault("js_code", "");
            if (!APP_ID.equals(q.get("appid"))
                    || !APP_SECRET.equals(q.get("secret"))
                    || !"authorization_code".equals(q.get("grant_type"))) {
                body = "{\"errcode\":40125,\"errmsg\":\"invalid appsecret\"}";
            } else if (code.startsWith("ok-")) {
                body = "{\"openid\":\"" + code.substring(3) + "\",\"session_key\":\"sk\"}";
            } else if (code.equals("used")) {
                body = "{\"errcode\":40163,\"errmsg\":\"code been used\"}";
            } else if (code.equals("busy")) {
                body = "{\"errcode\":-1,\"errmsg\":\"system error\"}";
            } else if (code.equals("limited")) {
                body = "{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}";
            } else if (code.equals("http500")) {
                status = 500;
                body = "<html>Internal Server Error</html>";
            } else {
                body = "{\"errcode\":40029,\"errmsg\":\"invalid code\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
        return new WechatStub(server);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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

    @Override
    public void close() {
        server.stop(0);
    }
}
