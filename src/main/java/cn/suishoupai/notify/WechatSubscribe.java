package cn.suishoupai.notify;

import cn.suishoupai.common.Outbound;
import cn.suishoupai.identity.AuthConfig;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends one subscription message (订阅消息): POST {base}/cgi-bin/message/subscribe/send?access_token=…
 * with {touser, template_id, page, data, miniprogram_state, lang}. WeChat answers HTTP 200 with an
 * errcode. An access token it no longer takes (40001 invalid, 42001 expired) is refreshed once
 * ({@link WechatTokens}, shared by all instances) and the message sent again; the rest is
 * {@link ChannelResult#ofErrcode}.
 */
@ApplicationScoped
public class WechatSubscribe {

    private final AuthConfig.Wechat app;
    private final NotifyConfig.Wechat config;
    private final WechatTokens tokens;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Duration timeout;

    WechatSubscribe(AuthConfig auth, NotifyConfig config, WechatTokens tokens, ObjectMapper mapper) {
        this.app = auth.wechat();
        this.config = config.wechat();
        this.tokens = tokens;
        this.mapper = mapper;
        this.timeout = this.config.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public boolean configured() {
        return tokens.configured();
    }

    public ChannelResult send(String openid, String templateId, String page, Map<String, Map<String, String>> data) {
        return send(tokens, openid, templateId, page, data);
    }

    /** As {@link #send(String, String, String, Map)} with the given token cache (tests run two "instances"). */
    ChannelResult send(
            WechatTokens with, String openid, String templateId, String page, Map<String, Map<String, String>> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("touser", openid);
        body.put("template_id", templateId);
        if (page != null) {
            body.put("page", page);
        }
        body.put("data", data);
        body.put("miniprogram_state", config.miniprogramState());
        body.put("lang", "zh_CN");
        String token;
        try {
            token = with.current();
        } catch (WechatTokens.Unavailable e) {
            return ChannelResult.retry(-1, e.getMessage());
        }
        ChannelResult r = post(token, body);
        if (ChannelResult.tokenRejected(r.errcode())) {
            try {
                token = with.refreshAfterRejected(token);
            } catch (WechatTokens.Unavailable e) {
                return ChannelResult.retry(r.errcode(), e.getMessage());
            }
            r = post(token, body);
        }
        return r;
    }

    private ChannelResult post(String token, Map<String, Object> body) {
        URI uri = URI.create(app.baseUrl().replaceAll("/+$", "") + "/cgi-bin/message/subscribe/send?access_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpResponse<String> resp;
        try {
            resp = Outbound.send(
                    "wechat",
                    http,
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return ChannelResult.retry(-1, "WeChat unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChannelResult.retry(-1, "interrupted");
        }
        if (resp.statusCode() != 200) {
            return ChannelResult.retry(-1, "WeChat answered HTTP " + resp.statusCode());
        }
        try {
            JsonNode json = mapper.readTree(resp.body());
            return ChannelResult.ofErrcode(
                    json.path("errcode").asInt(0), json.path("errmsg").asText(""));
        } catch (IOException e) {
            return ChannelResult.retry(-1, "WeChat answered non-JSON");
        }
    }
}
