package cn.suishoupai.web;

import cn.suishoupai.media.StorageConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves the web apps (package-info): a route ahead of Quarkus's static files that sends an app's
 * client-side routes to its index.html and sets the cache and security headers. The files themselves
 * are Quarkus's static resources (META-INF/resources, written there by the webui build).
 */
@Singleton
public class WebApps {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    static final String SHORT = "public, max-age=3600";

    private final WebRoutes routes;
    private final String csp;
    private final WebConfig config;

    WebApps(WebConfig config, StorageConfig storage) {
        this.config = config;
        this.routes = new WebRoutes(config.apps());
        this.csp = ContentSecurityPolicy.of(
                storage.publicEndpoint().or(() -> java.util.Optional.of(storage.endpoint())),
                imgSources(config),
                config.csp().connectSrc().orElse(List.of()));
    }

    /** The configured image origins plus the tile servers' (each subdomain {s} stands for). */
    static List<String> imgSources(WebConfig config) {
        List<String> img = new java.util.ArrayList<>(config.csp().imgSrc().orElse(List.of()));
        WebConfig.MapTiles map = config.map();
        for (java.util.Optional<String> url : List.of(map.tileUrl(), map.labelUrl())) {
            url.ifPresent(u -> img.addAll(MapSettings.origins(u, map.subdomains())));
        }
        return img;
    }

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
        config.dir().ifPresent(dir -> {
            // files from disk (the local run): what the last build wrote, without a restart
            String root = Path.of(dir).toAbsolutePath().normalize().toString();
            for (String app : config.apps()) {
                router.route("/" + app + "/*")
                        .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1)
                        .handler(StaticHandler.create(FileSystemAccess.ROOT, root)
                                .setCachingEnabled(false)
                                .setDirectoryListing(false));
            }
        });
    }

    String csp() {
        return csp;
    }

    private void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        WebRoutes.Decision d = routes.decide(ctx.normalizedPath());
        switch (d.kind()) {
            case NONE -> ctx.next();
            case ADD_SLASH -> {
                String query = ctx.request().query();
                ctx.response()
                        .setStatusCode(301)
                        .putHeader("Location", "/" + d.app() + "/" + (query == null ? "" : "?" + query))
                        .end();
            }
            case ASSET -> headers(ctx, IMMUTABLE, false);
            case FILE -> headers(ctx, SHORT, false);
            case INDEX -> {
                String index = "/" + d.app() + "/index.html";
                if (ctx.normalizedPath().equals(index)) {
                    headers(ctx, REVALIDATE, true);
                } else {
                    ctx.reroute(index); // the browser keeps its URL; the app's router reads it
                }
            }
        }
    }

    /** Set when the headers are written, so they replace what the static file handler puts there. */
    private void headers(RoutingContext ctx, String cacheControl, boolean page) {
        ctx.addHeadersEndHandler(v -> {
            HttpServerResponse r = ctx.response();
            if (r.getStatusCode() >= 400) {
                r.headers().set("Cache-Control", "no-store");
                return;
            }
            r.headers().set("Cache-Control", cacheControl);
            r.headers().set("X-Content-Type-Options", "nosniff");
            if (page) {
                r.headers().set("Content-Security-Policy", csp);
                r.headers().set("Referrer-Policy", "same-origin");
                r.headers().set("X-Frame-Options", "DENY");
            }
        });
        ctx.next();
    }
}
