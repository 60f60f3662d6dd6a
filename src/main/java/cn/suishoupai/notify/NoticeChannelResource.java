package cn.suishoupai.notify;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * How staff are reached besides the in-app list (admin data): per unit, or per region for its
 * dispatchers, leaders or grid workers, SMS and / or a WeCom group bot. Scoped like units and regions:
 * another township's are 404.
 */
@Path("/api/v1/admin/notice-channels")
@Tag(name = "admin-notice-channels", description = "SMS and WeCom channels of units' and regions' staff (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Produces(MediaType.APPLICATION_JSON)
public class NoticeChannelResource {

    private final Caller caller;
    private final NoticeChannels channels;

    NoticeChannelResource(Caller caller, NoticeChannels channels) {
        this.caller = caller;
        this.channels = channels;
    }

    @GET
    @Operation(summary = "Every channel setting in my scope (webhook keys shown as a hint only)")
    public List<NoticeChannels.View> list() {
        return channels.list(caller.actor());
    }

    @GET
    @Path("/{recipientType}/{targetId}")
    @Operation(
            summary = "The channel setting of a unit (UNIT) or of a region's REGION_DISPATCHERS, REGION_LEADERS or "
                    + "REGION_GRID_WORKERS")
    public NoticeChannels.View get(
            @Parameter(description = "UNIT, REGION_DISPATCHERS, REGION_LEADERS or REGION_GRID_WORKERS")
                    @PathParam("recipientType")
                    String recipientType,
            @PathParam("targetId") long targetId) {
        return channels.get(recipientType, targetId, caller.actor());
    }

    @PUT
    @Path("/{recipientType}/{targetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set how they are reached: smsToMembers (their own phones), smsPhones (duty phones), wecom "
                    + "{enabled, key, msgtype}; a key left out keeps the stored one, enabled=false removes the bot")
    public NoticeChannels.View put(
            @PathParam("recipientType") String recipientType,
            @PathParam("targetId") long targetId,
            @Valid NoticeChannels.Body body) {
        return channels.put(recipientType, targetId, body, caller.actor());
    }
}
