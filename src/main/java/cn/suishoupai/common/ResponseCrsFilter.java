package cn.suishoupai.common;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Reads {@link ResponseCrs} for every request, next to {@link ParameterRules} and before authentication,
 * and says on every API answer that it may depend on the header ({@code Vary: Accept-Crs}), so a cache
 * between a WeChat client and the service never hands a GCJ-02 answer to a WGS-84 caller.
 */
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

    @ServerResponseFilter
    public void vary(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        Object present = response.getHeaders().getFirst(HttpHeaders.VARY);
        if (present == null) {
            response.getHeaders().putSingle(HttpHeaders.VARY, ResponseCrs.HEADER);
        } else if (!present.toString().toLowerCase(Locale.ROOT).contains("accept-crs")) {
            response.getHeaders().putSingle(HttpHeaders.VARY, present + ", " + ResponseCrs.HEADER);
        }
    }
}
