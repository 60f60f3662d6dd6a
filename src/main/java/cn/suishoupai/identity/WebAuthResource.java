package cn.suishoupai.identity;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Sign-in for browsers (the web console at /console/, the resident page at /h5/): the same logins as
 * {@link AuthResource}, but the refresh token travels only in an HttpOnly, SameSite=Strict cookie
 * scoped to this path ({@link SessionCookie}) and never in a body, so no page script can read it.
 * The page keeps the short-lived access token in memory and calls refresh to get a new one.
 * Every call must carry {@code X-Suishoupai-Client: web} (a cross-site form cannot set a header).
 */
@Path(SessionCookie.PATH)
@Tag(name = "auth", description = "Login, tokens and sessions")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class WebAuthResource {

    /** What a browser gets instead of a {@link TokenResponse}: everything but the refresh token. */
    @Schema(name = "WebSession")
    public record WebSession(String accessToken, String tokenType, long expiresIn, List<String> roles, long accountId) {
        static WebSession of(TokenResponse t) {
            return new WebSession(t.accessToken(), t.tokenType(), t.expiresIn(), t.roles(), t.accountId());
        }
    }

    private static final String CLIENT_DOC =
            "must be `web`: marks a call from the service's own web pages (CSRF guard)";
    private static final String COOKIE_DOC =
            "the session cookie set by a web login (HttpOnly; browsers send it themselves)";

    private final LoginService login;
    private final SmsLoginService sms;
    private final TokenService tokens;
    private final AuthConfig config;
    private final Caller caller;

    WebAuthResource(LoginService login, SmsLoginService sms, TokenService tokens, AuthConfig config, Caller caller) {
        this.login = login;
        this.sms = sms;
        this.tokens = tokens;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Staff sign-in from the web console: username + password; the refresh token is set as an HttpOnly cookie",
            description =
                    "Same checks as /api/v1/auth/login (lockout, per-address budget). A session cookie already present "
                            + "(another account signed in on this browser) is ended first.")
    public RestResponse<WebSession> login(
            @Parameter(description = CLIENT_DOC) @HeaderParam(SessionCookie.CLIENT_HEADER) String client,
            @Parameter(description = COOKIE_DOC) @CookieParam(SessionCookie.NAME) String previous,
            @Context UriInfo uri,
            @Valid @NotNull AuthResource.LoginRequest body) {
        requireWebClient(client);
        endPrevious(previous);
        return started(login.login(body.username(), body.password(), caller.clientIp()), uri);
    }

    @POST
    @Path("/sms/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Resident sign-in from the web page: phone + SMS code; the refresh token is set as an HttpOnly cookie",
            description = "Same checks as /api/v1/auth/sms/verify; request the code with /api/v1/auth/sms/request.")
    public RestResponse<WebSession> smsVerify(
            @Parameter(description = CLIENT_DOC) @HeaderParam(SessionCookie.CLIENT_HEADER) String client,
            @Parameter(description = COOKIE_DOC) @CookieParam(SessionCookie.NAME) String previous,
            @Context UriInfo uri,
            @Valid @NotNull AuthResource.SmsVerify body) {
        requireWebClient(client);
        endPrevious(previous);
        return started(sms.verify(body.phone(), body.code(), caller.clientIp()), uri);
    }

    @POST
    @Path("/refresh")
    @Operation(
            summary = "New access token for the browser session: reads and rotates the session cookie",
            description =
                    "401 invalid-refresh-token (and the cookie cleared) when there is no session cookie or its session "
                            + "ended; 401 refresh-token-reused when an old cookie value is presented again (the session is ended).")
    public RestResponse<WebSession> refresh(
            @Parameter(description = CLIENT_DOC) @HeaderParam(SessionCookie.CLIENT_HEADER) String client,
            @Parameter(description = COOKIE_DOC) @CookieParam(SessionCookie.NAME) String presented,
            @Context UriInfo uri) {
        requireWebClient(client);
        boolean secure = secure(uri);
        if (!SessionCookie.plausible(presented)) {
            throw ApiException.unauthorized("invalid-refresh-token")
                    .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(secure));
        }
        TokenService.RefreshOutcome outcome = tokens.refresh(presented, caller.clientIp());
        if (outcome instanceof TokenService.RefreshOutcome.Issued issued) {
            return started(issued.tokens(), uri);
        }
        throw ApiException.unauthorized(((TokenService.RefreshOutcome.Refused) outcome).code())
                .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(secure));
    }

    @POST
    @Path("/logout")
    @Operation(
            summary =
                    "Sign out of the browser session: ends its session (refresh tokens revoked) and clears the cookie")
    public RestResponse<Void> logout(
            @Parameter(description = CLIENT_DOC) @HeaderParam(SessionCookie.CLIENT_HEADER) String client,
            @Parameter(description = COOKIE_DOC) @CookieParam(SessionCookie.NAME) String presented,
            @Context UriInfo uri) {
        requireWebClient(client);
        endPrevious(presented);
        return RestResponse.ResponseBuilder.<Void>noContent()
                .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(secure(uri)))
                .build();
    }

    private RestResponse<WebSession> started(TokenResponse t, UriInfo uri) {
        return RestResponse.ResponseBuilder.ok(WebSession.of(t))
                .header(
                        HttpHeaders.SET_COOKIE,
                        SessionCookie.set(t.refreshToken(), config.refreshTokenTtl(), secure(uri)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private void endPrevious(String presented) {
        if (SessionCookie.plausible(presented)) {
            tokens.logout(presented, caller.clientIp());
        }
    }

    private boolean secure(UriInfo uri) {
        return SessionCookie.secure(
                config.web().cookieSecure().orElse(null), uri.getRequestUri().getScheme());
    }

    private static void requireWebClient(String client) {
        if (!SessionCookie.CLIENT_VALUE.equals(client)) {
            throw ApiException.forbidden("web-client-header-required", SessionCookie.CLIENT_HEADER);
        }
    }
}
