package cn.suishoupai.deadline;

import cn.suishoupai.common.Caller;
import cn.suishoupai.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/calendar")
@Tag(name = "admin-deadlines", description = "Working calendar and deadline policies (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CalendarAdminResource {

    /** periods like "08:30-12:00"; days: holidays (HOLIDAY) and make-up working days on weekends (WORKDAY). */
    public record CalendarBody(List<String> periods, List<DeadlineRules.Day> days) {
    }

    private final DeadlineAdminService service;
    private final Caller caller;

    CalendarAdminResource(DeadlineAdminService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/{year}")
    @Operation(summary = "A year's working periods, holidays and make-up working days; configured=false means plain weekdays")
    public DeadlineAdminService.CalendarView get(@PathParam("year") int year) {
        return service.calendar(year);
    }

    @PUT
    @Path("/{year}")
    @Operation(summary = "Replace a year's calendar as a whole (service-wide admin); new deadlines use it, existing ones stay")
    public DeadlineAdminService.CalendarView replace(@PathParam("year") int year, @NotNull CalendarBody body) {
        return service.replaceCalendar(year, body.periods(), body.days(), caller.actor());
    }
}
