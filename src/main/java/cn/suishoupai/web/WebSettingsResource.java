package cn.suishoupai.web;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the web apps need to know of the service's settings: the map tiles. */
@Path("/api/v1/web/config")
@Tag(name = "web", description = "Settings of the web apps")
@SecurityRequirement(name = "jwt")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WebSettingsResource {

    @Schema(name = "WebSettings")
    public record WebSettings(MapSettings map) {}

    private final WebSettings settings;

    WebSettingsResource(WebConfig config) {
        this.settings = new WebSettings(MapSettings.of(config.map()));
    }

    @GET
    @Operation(
            summary = "The web apps' settings: the map's tile URL (null: no tiles), attribution and the tiles' "
                    + "coordinate system (ask the API for coordinates in it)",
            description = "For any signed-in account; set with suishoupai.web.map.* (docs/OPERATIONS.md).")
    public WebSettings get() {
        return settings;
    }
}
