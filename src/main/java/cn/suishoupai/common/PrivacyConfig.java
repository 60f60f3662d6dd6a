package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;

/**
 * The service's privacy secret (DOMAIN §9): the key of every keyed hash that must not be
 * recomputable from a database copy alone (claim codes, anonymous idempotency records, rate-limit
 * buckets of codes). Production must be given it (SUISHOUPAI_PRIVACY_SECRET, at least 32
 * characters, the same on every instance, never changed: claim codes issued under it are only
 * found with it). Dev and test use fixed local values.
 */
@ConfigMapping(prefix = "suishoupai.privacy")
public interface PrivacyConfig {

    String secret();
}
