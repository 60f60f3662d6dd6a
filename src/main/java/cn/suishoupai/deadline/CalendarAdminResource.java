package cn.suishoupai.deadline;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Count;
import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Messages;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
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
    public record CalendarBody(
            @Count(min = 1, max = DeadlineRules.MAX_PERIODS, message = "field.periods.count")
            List<@PeriodText String> periods,

            @Count(max = DeadlineRules.MAX_DAYS, message = "field.days.count")
            List<DeadlineRules.@Required @Valid Day> days) {}

    /** code: current-year-provisional or next-year-provisional; message in the request's language. */
    public record CalendarWarningView(String code, int year, String message) {}

    /** today: the business date (Asia/Shanghai) the warnings are for; empty warnings: nothing to do. */
    public record CalendarWarningsView(LocalDate today, List<CalendarWarningView> warnings) {}

    private final DeadlineAdminService service;
    private final CalendarCheck check;
    private final Caller caller;

    CalendarAdminResource(DeadlineAdminService service, CalendarCheck check, Caller caller) {
        this.service = service;
        this.check = check;
        this.caller = caller;
    }

    @GET
    @Path("/warnings")
    @Operation(
            summary = "Years running on a provisional calendar that need the official schedule: the current year "
                    + "any day, next year from 1 December (business date, Asia/Shanghai)")
    public CalendarWarningsView warnings(@Context HttpHeaders headers) {
        boolean english = Messages.english(headers.getAcceptableLanguages());
        CalendarCheck.Warnings w = check.now();
        return new CalendarWarningsView(
                w.today(),
                w.warnings().stream()
                        .map(x -> new CalendarWarningView(
                                x.code(),
                                x.year(),
                                Messages.get(english, "calendar.warning." + x.code(), String.valueOf(x.year()))))
                        .toList());
    }

    @GET
    @Path("/{year}")
    @Operation(
            summary =
                    "A year's working periods, holidays and make-up working days; provisional=true (source PROVISIONAL): "
                            + "no official schedule entered, the statutory holidays computed from the rules apply (no make-up working days)")
    public DeadlineAdminService.CalendarView get(
            @PathParam("year")
                    @InRange(min = DeadlineRules.MIN_YEAR, max = DeadlineRules.MAX_YEAR, message = "field.year.range")
                    int year) {
        return service.calendar(year);
    }

    @PUT
    @Path("/{year}")
    @Operation(
            summary =
                    "Replace a year's calendar as a whole with the official schedule (service-wide admin): periods, "
                            + "holidays and make-up working days; the year is no longer provisional; new deadlines use it, existing ones stay")
    public DeadlineAdminService.CalendarView replace(
            @PathParam("year")
                    @InRange(min = DeadlineRules.MIN_YEAR, max = DeadlineRules.MAX_YEAR, message = "field.year.range")
                    int year,
            @Valid @NotNull CalendarBody body) {
        return service.replaceCalendar(year, body.periods(), body.days(), caller.actor());
    }
}
