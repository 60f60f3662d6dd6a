package cn.suishoupai.common;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Reads {@link ResponseCrs} for every request, next to {@link ParameterRules} and before authentication. */
public class ResponseCrsFilter {

    @Inject
    ResponseCrs responseCrs;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 90)
    public void read(UriInfo uri, HttpHeaders headers) {
        Crs crs = ResponseCrs.parse(
                headers.getRequestHeader(ResponseCrs.HEADER),
                uri.getQueryParameters(true).get(ResponseCrs.PARAMETER));
        if (crs != null) {
            responseCrs.set(crs);
        }
    }
}
