package cn.suishoupai.identity;

import cn.suishoupai.common.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in account itself, for any role. */
@Path("/api/v1/me")
@Tag(name = "me", description = "The signed-in account: who I am, and a resident's own settings")
@SecurityRequirement(name = "jwt")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final Profiles profiles;
    private final Caller caller;

    MeResource(Profiles profiles, Caller caller) {
        this.profiles = profiles;
        this.caller = caller;
    }

    @GET
    @Operation(
            summary = "Who I am: roles, the unit I act for and the regions I am scoped to (with names)",
            description =
                    "For any signed-in account; what the web console shows in its header and builds its menu from.")
    public Profiles.Me me() {
        return profiles.me(caller.actor());
    }
}
