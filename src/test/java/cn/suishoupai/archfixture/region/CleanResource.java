package cn.suishoupai.archfixture.region;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/** Compliant: a thin resource answering records; no rule may report it. */
@Path("/planted/regions")
public class CleanResource {

    public record RegionView(long id, String name) {}

    @GET
    public List<RegionView> list() {
        return List.of(new RegionView(1, "果园镇"));
    }
}
