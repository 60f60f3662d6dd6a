package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Idempotency-Key handling ({@link Idempotency}); how long its records are kept is {@link RetentionConfig}. */
@ConfigMapping(prefix = "suishoupai.idempotency")
public interface IdempotencyConfig {

    /**
     * How long the first request's claim on a key holds it (1 s to 10 min). It is also the timeout of the transaction
     * that creates and records the answer: a claim whose lease has passed belongs to a request that died or can no
     * longer commit, so a retry with the same key and body takes it over. Until then a retry is 409
     * {@code idempotency-in-progress}: this is how long a client waits after an instance was killed mid-request.
     */
    @WithDefault("PT60S")
    Duration lease();
}
