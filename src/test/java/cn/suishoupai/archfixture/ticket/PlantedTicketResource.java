package cn.suishoupai.archfixture.ticket;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Planted: a resource that holds SQL and hands out entities. */
@Path("/planted/tickets")
public class PlantedTicketResource {

    EntityManager em;

    @GET
    @Path("one")
    public PlantedTicket one() {
        return PlantedTicket.findById(1L);
    }

    @GET
    @Path("all")
    @SuppressWarnings("unchecked")
    public List<PlantedTicket> all() {
        return em.createNativeQuery("select * from planted_ticket", PlantedTicket.class)
                .getResultList();
    }

    @GET
    @Path("nested")
    public Map<String, List<PlantedTicket>> nested() {
        return Map.of("all", PlantedTicket.listAll());
    }

    public int raw(Connection connection) throws SQLException {
        return connection.getTransactionIsolation();
    }
}
