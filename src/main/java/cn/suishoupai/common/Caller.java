package cn.suishoupai.common;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: account id, roles and scope from the access token, and the client IP for the
 * audit log. Request-scoped, so only resources (and the HTTP edge) use it; they pass
 * {@link #actor()} to services.
 */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    @Inject
    CurrentVertxRequest request;

    @Inject
    TrustedProxies proxies;

    public boolean authenticated() {
        return jwt != null && jwt.getSubject() != null;
    }

    public Long accountId() {
        return authenticated() ? Long.valueOf(jwt.getSubject()) : null;
    }

    public String name() {
        return authenticated() ? jwt.getName() : null;
    }

    public Set<String> roles() {
        return authenticated() ? jwt.getGroups() : Set.of();
    }

    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    /** The unit a unit-staff account acts for. */
    public Optional<Long> unitId() {
        if (!authenticated()) {
            return Optional.empty();
        }
        Object v = jwt.getClaim("unit_id");
        return v == null ? Optional.empty() : Optional.of(((Number) toNumber(v)).longValue());
    }

    /** Region ids a regional account is scoped to; empty means none (or service-wide for admin). */
    public List<Long> regionIds() {
        if (!authenticated()) {
            return List.of();
        }
        Object v = jwt.getClaim("region_ids");
        if (v instanceof JsonArray arr) {
            return arr.getValuesAs(JsonNumber.class).stream()
                    .map(JsonNumber::longValue)
                    .toList();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(o -> ((Number) toNumber(o)).longValue()).toList();
        }
        return List.of();
    }

    /** Service-wide means: no regions in the token (an admin without regions). */
    public boolean serviceWide() {
        return regionIds().isEmpty();
    }

    /** Things without a region (categories, the audit log, districts) are for service-wide admins: 403 otherwise. */
    public void requireServiceWide() {
        if (!serviceWide()) {
            throw ApiException.forbidden("out-of-scope");
        }
    }

    /** The caller as one immutable value: what resources pass to services, and what the audit log records. */
    public Actor actor() {
        return new Actor(accountId(), name(), clientIp(), roles(), unitId(), regionIds());
    }

    /**
     * The client's address: the connection's peer, or, when that peer is a trusted proxy
     * ({@code suishoupai.http.trusted-proxies}), the right-most untrusted hop of its forwarding header
     * ({@link ClientAddress}).
     */
    public String clientIp() {
        var ctx = request == null ? null : request.getCurrent();
        if (ctx == null || ctx.request().remoteAddress() == null) {
            return null;
        }
        String peer = ctx.request().remoteAddress().hostAddress();
        ClientAddress rule = proxies.rule();
        if (!rule.trustsAnyone()) {
            return peer;
        }
        return rule.resolve(peer, ctx.request().headers().getAll(rule.header().name));
    }

    private static Object toNumber(Object v) {
        if (v instanceof JsonNumber n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            return Long.valueOf(s);
        }
        return v;
    }
}
