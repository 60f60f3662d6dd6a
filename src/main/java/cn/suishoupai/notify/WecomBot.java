package cn.suishoupai.notify;

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
import java.time.Duration;
import java.util.Map;

/**
 * A WeCom (企业微信) group bot: POST {base}/cgi-bin/webhook/send?key=… with msgtype text or markdown.
 * WeCom answers HTTP 200 with an errcode: 0 sent; 45009 (a bot takes 20 messages a minute) and -1 are
 * tried again later; 93000 (invalid webhook key) and the rest are a setting to fix, not retried.
 */
@ApplicationScoped
public class WecomBot {

    /** What a markdown message may hold (4096 bytes); ours are far shorter. */
    static final int MARKDOWN_MAX_CHARS = 1200;

    private final NotifyConfig.Wecom config;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Duration timeout;

    WecomBot(NotifyConfig config, ObjectMapper mapper) {
        this.config = config.wecom();
        this.mapper = mapper;
        this.timeout = this.config.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public ChannelResult send(String key, String msgtype, NoticeTexts.Rendered n) {
        Object body = "text".equals(msgtype)
                ? Map.of("msgtype", "text", "text", Map.of("content", text(n)))
                : Map.of("msgtype", "markdown", "markdown", Map.of("content", markdown(n)));
        URI uri = URI.create(config.baseUrl().replaceAll("/+$", "") + "/cgi-bin/webhook/send?key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        HttpResponse<String> resp;
        try {
            resp = Outbound.send(
                    "wecom",
                    http,
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return ChannelResult.retry(-1, "WeCom unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChannelResult.retry(-1, "interrupted");
        }
        if (resp.statusCode() != 200) {
            return ChannelResult.retry(-1, "WeCom answered HTTP " + resp.statusCode());
        }
        try {
            JsonNode json = mapper.readTree(resp.body());
            int errcode = json.path("errcode").asInt(0);
            // 43101 means nothing for a bot; every other code is mapped as for WeChat
            return ChannelResult.ofErrcode(errcode, json.path("errmsg").asText(""));
        } catch (IOException e) {
            return ChannelResult.retry(-1, "WeCom answered non-JSON");
        }
    }

    static String text(NoticeTexts.Rendered n) {
        return "【随手拍】" + n.title() + "\n" + n.text() + (absolute(n.link()) ? "\n" + n.link() : "");
    }

    static String markdown(NoticeTexts.Rendered n) {
        String md = "**【随手拍】" + escape(n.title()) + "**\n> " + escape(n.text())
                + (absolute(n.link()) ? "\n[查看详情](" + n.link() + ")" : "");
        return md.length() > MARKDOWN_MAX_CHARS ? md.substring(0, MARKDOWN_MAX_CHARS) : md;
    }

    private static boolean absolute(String link) {
        return link != null && (link.startsWith("https://") || link.startsWith("http://"));
    }

    /** Free text (a return reason) must not turn into markdown links or headings. */
    private static String escape(String s) {
        return s.replaceAll("([\\\\`*_\\[\\]()#>])", "\\\\$1").replace("\n", " ");
    }
}
