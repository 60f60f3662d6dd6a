package cn.suishoupai.identity;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every authenticated request checks its account: one primary-key read of {@code enabled} and
 * {@code session_version}. A token of a disabled or deleted account, or of an older session
 * version (the account was rescoped, disabled or had its password reset since), is refused with
 * 401 session-ended, at once and on every instance, rather than when the token expires. The
 * roles and scope a request acts with are therefore always the account's current ones.
 */
@ApplicationScoped
public class SessionCheck implements SecurityIdentityAugmentor {

    /** Cause of the 401 of a token whose session has ended; rendered as problem session-ended. */
    public static final class SessionEnded extends RuntimeException {
        SessionEnded() {
            super("session-ended", null, false, false);
        }
    }

    private static AuthenticationFailedException ended() {
        return new AuthenticationFailedException("session-ended", new SessionEnded());
    }

    private final AgroalDataSource dataSource;

    SessionCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            check(jwt);
            return identity;
        });
    }

    private void check(JsonWebToken jwt) {
        long accountId;
        try {
            accountId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            throw ended();
        }
        Object claim = jwt.getClaim(TokenService.CLAIM_SESSION);
        long presented = claim instanceof JsonNumber n
                ? n.longValue()
                : claim instanceof Number n ? n.longValue() : 0; // tokens from before V16 carry none: version 0
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select enabled, session_version from account where id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1) || rs.getInt(2) != presented) {
                    throw ended();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session check failed", e);
        }
    }
}
