package cn.suishoupai.identity;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Outbound;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * WeChat mini-program login: exchanges a wx.login() code for the user's openid through
 * jscode2session. WeChat answers HTTP 200 with an errcode for failures, and often labels its JSON
 * text/plain, so the body is parsed whatever the content type says.
 */
@ApplicationScoped
public class WechatClient {

    private static final Logger LOG = Logger.getLogger(WechatClient.class);

    public record Session(String openid, String unionid) {}

    private final AuthConfig.Wechat config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    WechatClient(AuthConfig config, ObjectMapper mapper) {
        this.config = config.wechat();
        this.mapper = mapper;
        this.http =
                HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public Session exchange(String code) {
        if (config.appId().isEmpty() || config.appSecret().isEmpty()) {
            throw new ApiException(503, "wechat-not-configured");
        }
        URI uri = URI.create(config.baseUrl().replaceAll("/+$", "") + "/sns/jscode2session"
                + "?appid=" + enc(config.appId().get())
                + "&secret=" + enc(config.appSecret().get())
                + "&js_code=" + enc(code)
                + "&grant_type=authorization_code");
        HttpResponse<String> resp;
        try {
            resp = Outbound.send(
                    "wechat",
                    http,
                    HttpRequest.newBuilder(uri).timeout(config.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warnf("WeChat jscode2session unreachable: %s", e.toString());
            throw new ApiException(502, "wechat-unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(502, "wechat-unavailable");
        }
        if (resp.statusCode() != 200) {
            LOG.warnf("WeChat jscode2session HTTP %d", resp.statusCode());
            throw new ApiException(502, "wechat-unavailable");
        }
        JsonNode body;
        try {
            body = mapper.readTree(resp.body());
        } catch (IOException e) {
            LOG.warnf("WeChat jscode2session answered non-JSON: %.200s", resp.body());
            throw new ApiException(502, "wechat-unavailable");
        }
        int errcode = body.path("errcode").asInt(0);
        if (errcode != 0) {
            LOG.infof(
                    "WeChat jscode2session errcode=%d errmsg=%s",
                    errcode, body.path("errmsg").asText(""));
            throw switch (errcode) {
                // invalid code / code already used / high-risk user blocked by WeChat
                case 40029, 40163, 40226 ->
                    ApiException.unauthorized("wechat-code-invalid", errcode).with("wechatErrcode", errcode);
                case 45011 ->
                    new ApiException(429, "wechat-rate-limited")
                            .with("wechatErrcode", errcode)
                            .header("Retry-After", "60");
                case -1 ->
                    new ApiException(503, "wechat-busy")
                            .with("wechatErrcode", errcode)
                            .header("Retry-After", "5");
                default -> new ApiException(502, "wechat-error", errcode).with("wechatErrcode", errcode);
            };
        }
        String openid = body.path("openid").asText(null);
        if (openid == null || openid.isBlank()) {
            throw new ApiException(502, "wechat-unavailable");
        }
        return new Session(openid, body.path("unionid").asText(null));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
