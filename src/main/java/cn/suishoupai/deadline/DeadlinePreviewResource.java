package cn.suishoupai.deadline;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.Role;
import cn.suishoupai.common.Values;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/deadlines/preview")
@Tag(name = "deadlines", description = "Deadline arithmetic on the working calendar")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Role.ADMIN_, Role.DISPATCHER_})
@Produces(MediaType.APPLICATION_JSON)
public class DeadlinePreviewResource {

    /**
     * workingMinutes: working time between from and due, to check a calendar at a glance.
     * provisionalYears: the years from from to due (business dates) that have no official schedule
     * and follow the statutory rules (no 调休), so the due instant may move once it is entered.
     */
    @Schema(name = "DeadlinePreview")
    public record Preview(
            Instant from,
            int amount,
            Span.Unit unit,
            Instant due,
            long workingMinutes,
            boolean provisional,
            List<Integer> provisionalYears) {}

    private final Deadlines deadlines;
    private final Clock clock;

    DeadlinePreviewResource(Deadlines deadlines, Clock clock) {
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The due instant of a span started at from (default now), on the calendar in force")
    public Preview preview(
            @QueryParam("from") String from, @QueryParam("amount") Integer amount, @QueryParam("unit") String unit) {
        Instant start = from == null || from.isBlank() ? clock.instant() : Values.instant(from);
        if (start == null) {
            throw ApiException.invalidField("from", "field.datetime");
        }
        if (!Values.inWindow(start)) {
            throw Values.outOfBounds("from", start);
        }
        Span.Unit u;
        try {
            u = unit == null ? null : Span.Unit.valueOf(unit);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("unit", "field.span.unit");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (amount == null) {
            errors.add(new Problem.FieldError("amount", "field.required"));
        }
        if (u == null) {
            errors.add(new Problem.FieldError("unit", "field.required"));
        }
        Span span = errors.isEmpty() ? new Span(amount, u) : null;
        if (span != null) {
            errors.addAll(DeadlineRules.span("", span));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid-field", errors);
        }
        WorkCalendar calendar = deadlines.calendar();
        Instant due = calendar.add(start, span);
        List<Integer> provisional = calendar.provisionalYears(start, due);
        return new Preview(
                start,
                span.amount(),
                u,
                due,
                calendar.workingTimeBetween(start, due).toMinutes(),
                !provisional.isEmpty(),
                provisional);
    }
}
