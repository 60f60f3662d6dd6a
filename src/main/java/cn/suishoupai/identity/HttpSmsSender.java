package cn.suishoupai.identity;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Outbound;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends codes through an SMS gateway's HTTP API (a county's government SMS platform or a
 * provider behind an internal gateway): POST {url} with JSON {phone, code, ttlMinutes} and a
 * bearer token. Any non-2xx answer is a failed send, reported to the resident as 502. Notices go to
 * POST {notice-url} (default: the same url) with JSON {phone, text, kind: "NOTICE"}.
 */
@ApplicationScoped
@Identifier("http")
public class HttpSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(HttpSmsSender.class);

    private final AuthConfig.Sms config;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().build();

    HttpSmsSender(AuthConfig config, ObjectMapper mapper) {
        this.config = config.sms();
        this.mapper = mapper;
    }

    @Override
    public void sendLoginCode(String phone, String code) {
        String url = config.http()
                .url()
                .orElseThrow(() -> new IllegalStateException("suishoupai.auth.sms.http.url is not set"));
        post(
                url,
                phone,
                Map.of(
                        "phone",
                        phone,
                        "code",
                        code,
                        "ttlMinutes",
                        config.codeTtl().toMinutes()));
    }

    @Override
    public void sendNotice(String phone, String text) {
        String url = config.http()
                .noticeUrl()
                .or(() -> config.http().url())
                .orElseThrow(() -> new IllegalStateException("suishoupai.auth.sms.http.url is not set"));
        post(url, phone, Map.of("phone", phone, "text", text, "kind", "NOTICE"));
    }

    private void post(String url, String phone, Map<String, Object> json) {
        try {
            byte[] body = mapper.writeValueAsBytes(json);
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(config.http().timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            config.http().token().ifPresent(t -> req.header("Authorization", "Bearer " + t));
            HttpResponse<Void> resp =
                    Outbound.send("sms-gateway", http, req.build(), HttpResponse.BodyHandlers.discarding());
            if (resp.statusCode() / 100 != 2) {
                LOG.warnf("SMS gateway answered HTTP %d for %s", resp.statusCode(), SmsLoginService.mask(phone));
                throw new ApiException(502, "sms-send-failed");
            }
        } catch (IOException e) {
            LOG.warnf("SMS gateway unreachable: %s", e.toString());
            throw new ApiException(502, "sms-send-failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(502, "sms-send-failed");
        }
    }
}
