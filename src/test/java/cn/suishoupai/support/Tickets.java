package cn.suishoupai.support;

import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Severity;
import cn.suishoupai.ticket.Ticket;
import cn.suishoupai.ticket.TicketEvent;
import cn.suishoupai.ticket.TicketWorkflow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * Dispatched tickets for workflow tests, made the way a dispatcher accepting a report makes them
 * (Ticket.dispatched + TicketWorkflow.started), without going through photo intake each time.
 */
@ApplicationScoped
public class Tickets {

    @Inject
    TicketWorkflow workflow;

    @Inject
    Clock clock;

    @Transactional
    public Ticket dispatched(
            Town town,
            char zone,
            int row,
            int col,
            HazardCategory category,
            Severity severity,
            long leadUnit,
            Set<Long> assisting) {
        Region grid = Region.find("code", town.gridCode(zone, row, col)).firstResult();
        double[] at = town.centre(zone, row, col);
        Instant now = clock.instant();
        Ticket t = Ticket.dispatched(leadUnit, assisting, now);
        t.categoryId = category.id;
        t.severity = severity;
        t.gridId = grid.id;
        t.zoneId = grid.parentId;
        t.townshipId = town.township.id;
        t.lat = at[0];
        t.lng = at[1];
        t.address = "测试路 1 号";
        t.description = "楼道堆放杂物";
        t.persist();
        TicketEvent.append(t.id, "DISPATCHED", now, null, "system", null, "{}");
        workflow.started(t, now);
        return t;
    }

    public Ticket dispatched(Town town, long leadUnit) {
        return dispatched(town, 'A', 0, 0, town.fire, Severity.GENERAL, leadUnit, Set.of());
    }
}
