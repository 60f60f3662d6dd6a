package cn.suishoupai.open311;

import cn.suishoupai.common.Outbound;
import cn.suishoupai.media.PhotoConfig;
import cn.suishoupai.media.PhotoStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Fetches a request's {@code media_url} for the intake (issue 16), which then checks it as an upload (size, type,
 * pixels, decode time: {@code media.PhotoStore}). Only http and https; the host must resolve to public addresses only
 * (no loopback, private, link-local, unique-local, carrier-grade NAT, multicast or unspecified address: no SSRF) unless
 * the host is in {@code suishoupai.open311.media.private-hosts-allowed}; no redirects followed; connect and total timeouts; the body
 * is streamed to a temporary file and cut off past the photo size limit. Any failure is a 400 saying why.
 */
@ApplicationScoped
public class MediaFetcher {

    private final Open311Config config;
    private final PhotoConfig photoConfig;
    private final HttpClient client;

    MediaFetcher(Open311Config config, PhotoConfig photoConfig) {
        this.config = config;
        this.photoConfig = photoConfig;
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.media().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        checkHost(uri.getHost());
        long max = photoConfig.limits().maxBytes();
        Path file;
        try {
            file = Files.createTempFile("open311-media-", ".bin");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(config.media().timeout())
                    .header("Accept", "image/jpeg, image/png, image/webp, image/heic, image/*;q=0.8")
                    .GET()
                    .build();
            HttpResponse<InputStream> response =
                    Outbound.send("open311-media", client, request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw refused("media_url answered HTTP " + response.statusCode() + " (redirects are not followed)");
                }
                long declared =
                        response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > max) {
                    throw refused("media_url's photo is larger than " + max + " bytes");
                }
                try (OutputStream out = Files.newOutputStream(file)) {
                    byte[] buf = new byte[64 * 1024];
                    long total = 0;
                    for (int n; (n = body.read(buf)) != -1; ) {
                        total += n;
                        if (total > max) {
                            throw refused("media_url's photo is larger than " + max + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
            String name = uri.getPath() == null ? "" : uri.getPath().replaceAll(".*/", "");
            return new PhotoStore.Upload(name.isBlank() || name.length() > 100 ? "media_url" : name, file);
        } catch (HttpTimeoutException e) {
            delete(file);
            throw refused("media_url did not answer in time");
        } catch (IOException e) {
            delete(file);
            throw refused("media_url could not be fetched");
        } catch (InterruptedException e) {
            delete(file);
            Thread.currentThread().interrupt();
            throw refused("media_url could not be fetched");
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    void checkHost(String host) {
        InetAddress[] addresses;
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            throw refused("media_url's host does not resolve");
        }
        if (config.media().privateHostsAllowed().orElse(List.of()).contains(host.toLowerCase(Locale.ROOT))) {
            return;
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw refused("media_url's host is not a public address");
            }
        }
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
