package cn.suishoupai.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Delivery of outbox events (DOMAIN §6): which sender, how often, how hard to retry. */
@ConfigMapping(prefix = "suishoupai.notify")
public interface NotifyConfig {

    /** Which NotificationSender delivers: "log" (writes each event to the log) or "webhook" (see webhook.*). */
    @WithDefault("log")
    String sender();

    /** How often each instance looks for due events, e.g. 2s; "off" stops the job (tests call it directly). */
    @WithDefault("2s")
    String interval();

    /** Rows one instance claims per round. */
    @WithDefault("50")
    int batchSize();

    /**
     * How long a claim holds its rows. An instance that crashes after sending and before marking
     * leaves its rows to be sent again after this (at least once). Must exceed webhook.timeout.
     */
    @WithDefault("PT60S")
    Duration lease();

    /** Wait after the first failed attempt; doubles with each further failure, up to backoff-cap. */
    @WithDefault("PT10S")
    Duration backoffBase();

    @WithDefault("PT1H")
    Duration backoffCap();

    /** Attempts before an event is given up (failed_at set, logged at WARN; an admin can re-arm it). */
    @WithDefault("12")
    int maxAttempts();

    Webhook webhook();

    Links links();

    Wechat wechat();

    Wecom wecom();

    /**
     * A resident whose WeChat subscription message cannot be sent (no openid, no template configured for
     * the type, no accepted subscription left, refused: 43101) gets the notice by SMS to their phone, when
     * known, through the SMS gateway of suishoupai.auth.sms.sender.
     */
    @WithDefault("true")
    boolean residentSmsFallback();

    /** Where notices point: a console or H5 page, else the API path. Placeholders {reportId}, {ticketId}, {rewardId}. */
    interface Links {
        @WithDefault("/api/v1/reports/{reportId}")
        String report();

        /** A closed report's after-photos (整改后照片); default: the report link. */
        Optional<String> afterPhotos();

        @WithDefault("/api/v1/tickets/{ticketId}")
        String ticket();

        /** A queued report, for the dispatchers (chase of the review deadline). */
        @WithDefault("/api/v1/dispatch/reports/{reportId}")
        String review();

        @WithDefault("/api/v1/rewards/mine")
        String rewards();
    }

    /**
     * WeChat subscription messages (订阅消息) of the mini-program whose app id, secret and API base URL are
     * suishoupai.auth.wechat.*. A notice type is sent by WeChat only when a template is configured for it.
     */
    interface Wechat {
        /** Per notice type (REPORT_ACCEPTED, REWARD_PAID …): the template and what goes into its keywords. */
        Map<String, Template> templates();

        /** The mini-program page a message opens, unless its template names another; placeholders as links. */
        @WithDefault("pages/notices/index")
        String page();

        /** formal, trial or developer: which version of the mini-program the message opens. */
        @WithDefault("formal")
        String miniprogramState();

        /** Refresh the cached access token this long before WeChat says it expires. */
        @WithDefault("PT5M")
        Duration tokenMargin();

        @WithDefault("PT5S")
        Duration timeout();
    }

    interface Template {
        /** The template id from the mini-program's console (what wx.requestSubscribeMessage asks for). */
        String id();

        Optional<String> page();

        /**
         * keyword=value pairs, comma-separated: which of title, text, time, status, reason, reportId,
         * ticketId, amount, hint fills thing1, time2 … of the template.
         */
        @WithDefault("thing1=title,thing2=text,time3=time")
        String data();
    }

    /** WeCom (企业微信) group bots: POST {base-url}/cgi-bin/webhook/send?key=… . */
    interface Wecom {
        @WithDefault("https://qyapi.weixin.qq.com")
        String baseUrl();

        @WithDefault("PT5S")
        Duration timeout();
    }

    interface Webhook {
        /** Receiver URL; required when sender=webhook. */
        Optional<String> url();

        /** HMAC-SHA256 key of the X-Suishoupai-Signature header; required when sender=webhook. */
        Optional<String> secret();

        @WithDefault("PT10S")
        Duration timeout();
    }
}
