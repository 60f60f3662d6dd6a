package cn.suishoupai.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

    interface Webhook {
        /** Receiver URL; required when sender=webhook. */
        Optional<String> url();

        /** HMAC-SHA256 key of the X-Suishoupai-Signature header; required when sender=webhook. */
        Optional<String> secret();

        @WithDefault("PT10S")
        Duration timeout();
    }
}
