package cn.suishoupai.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /q/openapi} in production: the committed {@code openapi/openapi.yaml} (packaged as
 * {@value #RESOURCE}; {@code OpenApiDocumentTest} keeps it equal to what the code generates), served as it is.
 * The SmallRye OpenAPI extension is switched off there ({@code %prod.quarkus.smallrye-openapi.enabled=false})
 * because it parses and serialises the whole document again at every start to produce the same text (about 15 % of
 * the start-up's main thread in a profile). The local run and the tests keep the extension (and Swagger UI in dev),
 * which is what generates the document in the first place.
 */
@Singleton
public class StaticOpenApi {

    static final String RESOURCE = "suishoupai-openapi/openapi.yaml";

    private final boolean extensionEnabled;
    private volatile Buffer yaml;
    private volatile Buffer json;

    StaticOpenApi(@ConfigProperty(name = "quarkus.smallrye-openapi.enabled", defaultValue = "true") boolean enabled) {
        this.extensionEnabled = enabled;
    }

    void routes(@Observes Router router) {
        if (extensionEnabled) {
            return; // the extension serves it
        }
        // First of all: the sub-router of the /q endpoints is mounted at the lowest order, and there the extension
        // answers 404 when switched off. A GET needs none of the handlers before it (body, upload limits). Blocking:
        // the first JSON answer converts the YAML.
        router.get("/q/openapi").order(Integer.MIN_VALUE).blockingHandler(this::serve);
    }

    /** As the extension does: YAML unless {@code ?format=json} or an {@code Accept} of JSON asks otherwise. */
    private void serve(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        String accept = ctx.request().getHeader("Accept");
        boolean asJson = format != null
                ? format.equalsIgnoreCase("json")
                : accept != null && accept.contains("application/json");
        ctx.response()
                .putHeader("Content-Type", asJson ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8")
                .putHeader("Cache-Control", "no-cache")
                .end(asJson ? json() : yaml());
    }

    private Buffer yaml() {
        Buffer b = yaml;
        if (b == null) {
            try (InputStream in = resource()) {
                b = yaml = Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b;
    }

    /** Converted from the YAML on first request, not at start: the point of this class is a cheaper start. */
    private Buffer json() {
        Buffer b = json;
        if (b == null) {
            try {
                Object doc = new ObjectMapper(new YAMLFactory()).readValue(yaml().getBytes(), Object.class);
                b = json = Buffer.buffer(
                        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b;
    }

    private static InputStream resource() throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException(RESOURCE + " is not packaged (pom.xml copies openapi/openapi.yaml there)");
        }
        return in;
    }
}
