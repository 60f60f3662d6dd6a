package cn.suishoupai.deadline;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.InRange;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    /**
     * from, amount and unit are checked like every parameter: a date-time that is not one, or a unit
     * that is not a {@link Span.Unit}, is a 400 invalid-parameter, a from outside the business window
     * a 422 (common.ParameterRules); amount and unit missing or amount out of range are 422 invalid-field
     * (the constraints), and amount 0 with another unit than WORKING_DAYS too ({@link DeadlineRules#span}).
     */
    @GET
    @Operation(summary = "The due instant of a span started at from (default now), on the calendar in force")
    public Preview preview(
            @QueryParam("from") OffsetDateTime from,
            @QueryParam("amount")
                    @Required
                    @InRange(min = 0, max = DeadlineRules.MAX_AMOUNT, message = "field.span.amount")
                    Integer amount,
            @QueryParam("unit") @Required Span.Unit unit) {
        Instant start = from == null ? clock.instant() : from.toInstant();
        Span span = new Span(amount, unit);
        List<Problem.FieldError> errors = DeadlineRules.span("", span);
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        WorkCalendar calendar = deadlines.calendar();
        Instant due = calendar.add(start, span);
        List<Integer> provisional = calendar.provisionalYears(start, due);
        return new Preview(
                start,
                span.amount(),
                unit,
                due,
                calendar.workingTimeBetween(start, due).toMinutes(),
                !provisional.isEmpty(),
                provisional);
    }
}
