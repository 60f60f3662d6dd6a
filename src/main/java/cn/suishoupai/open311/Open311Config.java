package cn.suishoupai.open311;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code suishoupai.open311.*}: the media_url fetch (timeouts, private hosts, trusted certificates) and page sizes. */
@ConfigMapping(prefix = "suishoupai.open311")
public interface Open311Config {

    Media media();

    /** page_size when the client sends none. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page_size accepted. */
    @WithDefault("200")
    int maxPageSize();

    interface Media {
        /** Connecting to a media_url's host. */
        @WithDefault("3s")
        Duration connectTimeout();

        /** The whole fetch, headers and body. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Host names (exactly as in the URL) that may resolve to private, loopback, link-local or other non-public
         * addresses, e.g. a county's intranet photo server. Empty (the default): only public addresses are fetched
         * (no SSRF). The tests allow {@code localhost} for their local server, never {@code 127.0.0.1}.
         */
        Optional<List<String>> privateHostsAllowed();

        /**
         * PEM files of certificates an https media_url's server may present besides those the JVM trusts (its
         * {@code cacerts}): e.g. the CA of a county's intranet photo server, or that server's own self-signed
         * certificate. Empty (the default): the JVM's trust store only. The certificate must still name the URL's host.
         * The tests trust their local https server's self-signed certificate this way (set by the test infrastructure
         * only).
         */
        Optional<List<String>> trustedCertificates();
    }
}
