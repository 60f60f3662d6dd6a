package cn.suishoupai.open311;

import cn.suishoupai.common.Outbound;
import cn.suishoupai.media.PhotoConfig;
import cn.suishoupai.media.PhotoStore;
import io.netty.channel.ConnectTimeoutException;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Fetches a request's {@code media_url} for the intake (issue 16), which then checks it as an upload (size, type,
 * pixels, decode time: {@code media.PhotoStore}). Only http and https, no user info; the host is resolved once
 * ({@link MediaResolver}) and every address it resolves to must be public (no loopback, private, link-local,
 * unique-local, carrier-grade NAT, multicast or unspecified address: no SSRF) unless the host is in
 * {@code suishoupai.open311.media.private-hosts-allowed}. The connection then goes to that checked address — the
 * name is never resolved again, so a DNS answer that changes in between (rebinding) cannot lead elsewhere — while the
 * Host header and TLS's SNI and certificate check keep the URL's host (Vert.x's HttpClient with
 * {@code RequestOptions.setServer}). An https server's certificate must be trusted by the JVM or be in
 * {@code suishoupai.open311.media.trusted-certificates}, and name the URL's host. No redirects followed; connect and
 * total timeouts; the body is cut off past the photo size limit. Any failure is a 400 saying why. Each fetch is a client
 * span {@code open311-media GET} ({@code common.Outbound}); no trace header goes to the partner's server.
 */
@ApplicationScoped
public class MediaFetcher {

    /** The client span's system: {@code open311-media GET}. */
    static final String SPAN = "open311-media";

    private static final String ACCEPT = "image/jpeg, image/png, image/webp, image/heic, image/*;q=0.8";

    private final Open311Config config;
    private final PhotoConfig photoConfig;
    private final MediaResolver resolver;
    private final HttpClient client;

    MediaFetcher(Open311Config config, PhotoConfig photoConfig, MediaResolver resolver, Vertx vertx) {
        this.config = config;
        this.photoConfig = photoConfig;
        this.resolver = resolver;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.media().connectTimeout().toMillis())
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setDecompressionSupported(false)
                .setMaxRedirects(0)
                // the span is ours (Outbound); Vert.x's own would send a traceparent to the partner's server
                .setTracingPolicy(TracingPolicy.IGNORE);
        List<String> extra = config.media().trustedCertificates().orElse(List.of());
        if (!extra.isEmpty()) {
            options.setTrustOptions(TrustOptions.wrap(trust(extra)));
        }
        this.client = vertx.createHttpClient(options);
    }

    /**
     * The JVM's trusted certificates and those in the given PEM files, as one PKIX trust manager factory. A file that
     * cannot be read or holds no certificate fails the start: a trust setting that silently trusts nothing extra
     * would only show as refused photos.
     */
    static TrustManagerFactory trust(List<String> pemFiles) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jvm.init((KeyStore) null);
            int n = 0;
            for (TrustManager tm : jvm.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        store.setCertificateEntry("jvm-" + n++, c);
                    }
                }
            }
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (String file : pemFiles) {
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(Path.of(file.strip()))) {
                    certs = x509.generateCertificates(in);
                }
                if (certs.isEmpty()) {
                    throw new IllegalStateException(
                            "suishoupai.open311.media.trusted-certificates: no certificate in " + file);
                }
                for (Certificate c : certs) {
                    store.setCertificateEntry("configured-" + n++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "suishoupai.open311.media.trusted-certificates: cannot read " + pemFiles + ": " + e.getMessage(),
                    e);
        }
    }

    /** The checked URI, or a 400 why not (only the syntax, scheme and host: nothing is resolved yet). */
    static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw refused("media_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("media_url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refused("media_url must name a host (and no user name or password)");
        }
        return uri;
    }

    /** Downloads the photo into a temporary file; the caller deletes it. */
    public PhotoStore.Upload fetch(String url) {
        URI uri = parse(url);
        InetAddress address = checkHost(uri.getHost());
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = bare(uri.getHost());
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long max = photoConfig.limits().maxBytes();
        long deadline = System.nanoTime() + config.media().timeout().toNanos();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                // connect to the address checked above, never to a second resolution of the name
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                // the URL's host for the Host header, SNI and the certificate's name
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setURI(target)
                .setFollowRedirects(false)
                .setIdleTimeout(config.media().timeout().toMillis())
                .putHeader("Accept", ACCEPT);
        // a client span like every outbound call's (common.Outbound: the URL's host and path, never the query)
        Span span = Outbound.start(SPAN, "GET", uri);
        AtomicInteger status = new AtomicInteger();
        Buffer received;
        try {
            received = exchange(options, max, deadline, status, span);
        } finally {
            if (status.get() > 0) {
                Outbound.status(span, status.get());
            }
            span.end();
        }
        Path file;
        try {
            file = Files.createTempFile("open311-media-", ".bin");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Files.write(file, received.getBytes());
        } catch (IOException e) {
            delete(file);
            throw new IllegalStateException(e);
        }
        String name = uri.getPath() == null ? "" : uri.getPath().replaceAll(".*/", "");
        return new PhotoStore.Upload(name.isBlank() || name.length() > 100 ? "media_url" : name, file);
    }

    /** The GET itself: the body, or a 400 why not (recorded on the span); the status as soon as it is known. */
    private Buffer exchange(RequestOptions options, long max, long deadline, AtomicInteger status, Span span) {
        CompletableFuture<Buffer> body = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        client.request(options).onFailure(body::completeExceptionally).onSuccess(request -> {
            sent.set(request);
            request.send().onFailure(body::completeExceptionally).onSuccess(response -> {
                status.set(response.statusCode());
                // first: a reset below must reach a handler (else Vert.x logs it as an unhandled error)
                response.exceptionHandler(body::completeExceptionally);
                if (response.statusCode() != 200) {
                    body.completeExceptionally(refused(
                            "media_url answered HTTP " + response.statusCode() + " (redirects are not followed)"));
                    request.reset();
                    return;
                }
                String length = response.getHeader("Content-Length");
                if (length != null && declaredTooLarge(length, max)) {
                    body.completeExceptionally(tooLarge(max));
                    request.reset();
                    return;
                }
                Buffer received = Buffer.buffer();
                response.handler(chunk -> {
                    if (received.length() + (long) chunk.length() > max) {
                        body.completeExceptionally(tooLarge(max));
                        request.reset();
                    } else if (!body.isDone()) {
                        received.appendBuffer(chunk);
                    }
                });
                response.endHandler(v -> body.complete(received));
            });
        });
        try {
            return body.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest r = sent.get();
            if (r != null) {
                r.reset();
            }
            Outbound.failed(span, e);
            throw refused("media_url did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Outbound.failed(span, e);
            throw refused("media_url could not be fetched");
        } catch (ExecutionException e) {
            Outbound.failed(span, e.getCause());
            if (e.getCause() instanceof Open311Problem p) {
                throw p;
            }
            throw refused(
                    e.getCause() instanceof ConnectTimeoutException
                            ? "media_url did not answer in time"
                            : tls(e.getCause())
                                    ? "media_url's https certificate is not trusted or does not name its host "
                                            + "(TLS handshake failed)"
                                    : "media_url could not be fetched");
        }
    }

    /** Whether the failure is TLS's (a certificate not trusted or not for the host, no common protocol). */
    static boolean tls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaredTooLarge(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the body's own length decides
        }
    }

    private static Open311Problem tooLarge(long max) {
        return refused("media_url's photo is larger than " + max + " bytes");
    }

    /** A host as the URI spells it, without an IPv6 literal's brackets. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Resolves the host once and checks every address; answers the address to connect to (the first). A host in
     * {@code private-hosts-allowed} may resolve to any address.
     */
    InetAddress checkHost(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bare(host));
        } catch (UnknownHostException e) {
            throw refused("media_url's host does not resolve");
        }
        if (addresses.isEmpty()) {
            throw refused("media_url's host does not resolve");
        }
        if (config.media().privateHostsAllowed().orElse(List.of()).contains(host.toLowerCase(Locale.ROOT))) {
            return addresses.get(0);
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw refused("media_url's host is not a public address");
            }
        }
        return addresses.get(0);
    }

    /** Public unicast only: not loopback, private, link-local, unique-local, CGNAT, multicast or unspecified. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean v4mapped = true;
            for (int i = 0; i < 10; i++) {
                v4mapped &= b[i] == 0;
            }
            if (v4mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans up
        }
    }

    private static Open311Problem refused(String why) {
        return Open311Problem.of(400, why);
    }
}
