package cn.suishoupai.routing;

import cn.suishoupai.region.OrganisationChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * The routing-data change counter. Every change to grids, regions, units, categories or rules
 * moves it inside its own transaction (rules call {@link #changed()}; region announces its changes
 * with {@link OrganisationChanged}), so the counter moves exactly when the change commits; each
 * instance's router cache polls it and reloads.
 */
@ApplicationScoped
public class RoutingData {

    private final EntityManager em;
    private final Clock clock;

    RoutingData(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Synchronous: the version row is written in region's transaction, committed or rolled back with it. */
    void organisationChanged(@Observes OrganisationChanged event) {
        changed();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void changed() {
        em.createNativeQuery("update routing_data_version set version = version + 1, changed_at = ?1 where id = 1")
                .setParameter(1, clock.instant())
                .executeUpdate();
    }
}
