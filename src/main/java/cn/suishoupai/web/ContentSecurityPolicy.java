package cn.suishoupai.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Content-Security-Policy of the web apps' pages: scripts only from the service itself (the
 * build emits no inline script), styles from the service plus inline style attributes (Element Plus
 * and Leaflet position things with them), images from the service, data:/blob: (previews of photos
 * about to be uploaded) and object storage (presigned photo links), no plugins, no framing.
 */
final class ContentSecurityPolicy {

    private ContentSecurityPolicy() {}

    static String of(Optional<String> storageEndpoint, List<String> extraImg, List<String> extraConnect) {
        Set<String> img = new LinkedHashSet<>(List.of("'self'", "data:", "blob:"));
        Set<String> connect = new LinkedHashSet<>(List.of("'self'"));
        storageEndpoint.flatMap(ContentSecurityPolicy::origin).ifPresent(o -> {
            img.add(o);
            connect.add(o);
        });
        extraImg.stream().flatMap(s -> origin(s).stream()).forEach(img::add);
        extraConnect.stream().flatMap(s -> origin(s).stream()).forEach(connect::add);
        List<String> directives = new ArrayList<>();
        directives.add("default-src 'self'");
        directives.add("script-src 'self'");
        directives.add("style-src 'self' 'unsafe-inline'");
        directives.add("img-src " + String.join(" ", img));
        directives.add("font-src 'self' data:");
        directives.add("connect-src " + String.join(" ", connect));
        directives.add("media-src 'self' blob:");
        directives.add("worker-src 'self' blob:");
        directives.add("object-src 'none'");
        directives.add("base-uri 'self'");
        directives.add("form-action 'self'");
        directives.add("frame-ancestors 'none'");
        return String.join("; ", directives);
    }

    /**
     * scheme://host[:port] of a URL (a tile URL template's braces are fine in the path); an origin
     * written as such is kept; anything else (no scheme or host, a quote, a semicolon) is dropped.
     */
    static Optional<String> origin(String url) {
        if (url == null || url.isBlank() || url.contains(";") || url.contains("'") || url.contains(",")) {
            return Optional.empty();
        }
        String s = url.trim();
        int schemeEnd = s.indexOf("://");
        if (schemeEnd <= 0) {
            return Optional.empty();
        }
        int pathStart = s.indexOf('/', schemeEnd + 3);
        String origin = pathStart < 0 ? s : s.substring(0, pathStart);
        try {
            URI u = URI.create(origin);
            String scheme = u.getScheme().toLowerCase();
            if (u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + u.getHost().toLowerCase() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
