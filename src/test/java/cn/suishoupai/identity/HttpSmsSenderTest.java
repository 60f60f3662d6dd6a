package cn.suishoupai.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.suishoupai.common.ApiException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMS gateway sender against a local HTTP gateway stub. */
class HttpSmsSenderTest {

    HttpServer gateway;
    final AtomicReference<String> lastBody = new AtomicReference<>();
    final AtomicReference<String> lastAuth = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> lastPath = new AtomicReference<>();
    String noticeUrl;

    @BeforeEach
    void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/send", ex -> {
            lastPath.set(ex.getRequestURI().getPath());
            lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private HttpSmsSender sender() {
        String url = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/send";
        AuthConfig.Sms.Http http = proxy(AuthConfig.Sms.Http.class, name -> switch (name) {
            case "url" -> Optional.of(url);
            case "token" -> Optional.of("gw-token");
            case "noticeUrl" -> Optional.ofNullable(noticeUrl);
            case "timeout" -> Duration.ofSeconds(2);
            default -> throw new IllegalArgumentException(name);
        });
        AuthConfig.Sms sms = proxy(AuthConfig.Sms.class, name -> switch (name) {
            case "http" -> http;
            case "codeTtl" -> Duration.ofMinutes(5);
            default -> throw new IllegalArgumentException(name);
        });
        AuthConfig auth = proxy(AuthConfig.class, name -> {
            if (name.equals("sms")) {
                return sms;
            }
            throw new IllegalArgumentException(name);
        });
        return new HttpSmsSender(auth, new ObjectMapper());
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Function<String, Object> answers) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> answers.apply(m.getName()));
    }

    @Test
    void postsPhoneCodeAndTokenToTheGateway() {
        sender().sendLoginCode("13800138000", "123456");
        assertTrue(lastBody.get().contains("\"phone\":\"13800138000\""), lastBody.get());
        assertTrue(lastBody.get().contains("\"code\":\"123456\""), lastBody.get());
        assertTrue(lastBody.get().contains("\"ttlMinutes\":5"), lastBody.get());
        assertEquals("Bearer gw-token", lastAuth.get());
    }

    @Test
    void postsNoticesWithTheirTextToTheNoticeUrlOrElseTheUrl() {
        sender().sendNotice("13800138000", "【随手拍】新工单待签收：工单 9 已派至本单位");
        assertEquals("/send", lastPath.get());
        assertTrue(lastBody.get().contains("\"text\":\"【随手拍】新工单待签收：工单 9 已派至本单位\""), lastBody.get());
        assertTrue(lastBody.get().contains("\"kind\":\"NOTICE\""), lastBody.get());
        assertTrue(!lastBody.get().contains("\"code\""), lastBody.get());
        assertEquals("Bearer gw-token", lastAuth.get());

        noticeUrl = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/send/notices";
        sender().sendNotice("13800138001", "x");
        assertEquals("/send/notices", lastPath.get());
        status.set(503);
        ApiException e = assertThrows(ApiException.class, () -> sender().sendNotice("13800138000", "x"));
        assertEquals(502, e.status());
    }

    @Test
    void gatewayErrorIs502() {
        status.set(500);
        ApiException e = assertThrows(ApiException.class, () -> sender().sendLoginCode("13800138000", "123456"));
        assertEquals(502, e.status());
        assertEquals("sms-send-failed", e.code());
    }

    @Test
    void unreachableGatewayIs502() {
        HttpSmsSender s = sender();
        gateway.stop(0);
        ApiException e = assertThrows(ApiException.class, () -> s.sendLoginCode("13800138000", "123456"));
        assertEquals(502, e.status());
    }
}
