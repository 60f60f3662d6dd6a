package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP edge behind a proxy: whose forwarding headers name the client address the audit log and the
 * rate budgets use ({@link ClientAddress}). See docs/OPERATIONS.md.
 */
@ConfigMapping(prefix = "suishoupai.http")
public interface HttpConfig {

    /**
     * Proxies (CIDR blocks or single addresses, IPv4 or IPv6) whose forwarding header is believed. Empty (the
     * default): the client address is always the connection's peer, whatever the headers say.
     */
    Optional<List<String>> trustedProxies();

    /** Which forwarding header the trusted proxies write: {@code x-forwarded-for} or {@code forwarded} (RFC 7239). */
    @WithDefault("x-forwarded-for")
    String clientAddressHeader();
}
