package cn.suishoupai.notify;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's own notices (DOMAIN §6): a resident's (report accepted, rejected, merged, cancelled,
 * closed; reward accrued, paid, failed) and a unit's, dispatcher's, leader's or grid worker's task notices.
 * Also where the mini-program reports which subscription message templates the resident accepted.
 */
@Path("/api/v1/notices")
@Tag(name = "notices", description = "The caller's notices (in-app list) and WeChat subscriptions")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.RESIDENT_, Role.UNIT_, Role.DISPATCHER_, Role.GRID_WORKER_, Role.LEADER_})
@Produces(MediaType.APPLICATION_JSON)
public class NoticeResource {

    private final Caller caller;
    private final InAppNotices notices;
    private final Subscriptions subscriptions;

    NoticeResource(Caller caller, InAppNotices notices, Subscriptions subscriptions) {
        this.caller = caller;
        this.notices = notices;
        this.subscriptions = subscriptions;
    }

    @GET
    @Path("/mine")
    @Operation(summary = "My notices, newest first, with the unread count; unread=true lists the unread ones only")
    public InAppNotices.NoticePage mine(
            @QueryParam("unread") @DefaultValue("false") boolean unread,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return notices.mine(caller.actor(), unread, page, size);
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark one of my notices read (someone else's: 404)")
    public InAppNotices.View read(@PathParam("id") long id) {
        return notices.read(id, caller.actor());
    }

    @POST
    @Path("/read-all")
    @Operation(summary = "Mark all my notices read")
    public InAppNotices.ReadAll readAll() {
        return notices.readAll(caller.actor());
    }

    @GET
    @Path("/subscriptions")
    @RolesAllowed(Role.RESIDENT_)
    @Operation(
            summary = "The subscription message templates to ask for (wx.requestSubscribeMessage tmplIds) and my "
                    + "credits: each accepted ask allows one message")
    public Subscriptions.Views subscriptions() {
        return subscriptions.mine(caller.actor());
    }

    @POST
    @Path("/subscriptions")
    @RolesAllowed(Role.RESIDENT_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Report what wx.requestSubscribeMessage answered: per template id accept (one more message), "
                    + "reject or ban (none until accepted again), filter (ignored)")
    public Subscriptions.Views subscribe(Subscriptions.Body body) {
        return subscriptions.record(body, caller.actor());
    }
}
