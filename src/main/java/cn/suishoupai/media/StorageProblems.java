package cn.suishoupai.media;

import cn.suishoupai.common.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Object storage down is the operator's problem, not a bug: 503 so clients retry later. */
public class StorageProblems {

    private static final Logger LOG = Logger.getLogger(StorageProblems.class);

    @ServerExceptionMapper
    public Response storage(ObjectStorage.StorageException e, HttpHeaders headers, UriInfo uri) {
        LOG.warnf(
                "Object storage failure on %s: %s",
                uri == null ? "?" : uri.getPath(),
                e.getCause() == null ? e.getMessage() : e.getCause().toString());
        return ProblemMappers.build(headers, uri, 503, "storage-unavailable", List.of(), Map.of())
                .header("Retry-After", "30")
                .build();
    }
}
