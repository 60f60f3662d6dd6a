package cn.suishoupai.identity;

import cn.suishoupai.common.ProblemMappers;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The 401 answers: identity owns authentication, so it also tells an ended session from a missing login. */
public class AuthProblems {

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthorized(RuntimeException e, HttpHeaders headers, UriInfo uri) {
        // a valid token whose session was ended (account disabled, rescoped, password reset): log in again
        boolean ended = false;
        for (Throwable t = e; t != null && !ended; t = t.getCause() == t ? null : t.getCause()) {
            ended = t instanceof SessionCheck.SessionEnded;
        }
        return ProblemMappers.build(headers, uri, 401, ended ? "session-ended" : "unauthenticated", List.of(), Map.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
