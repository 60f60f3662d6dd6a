package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.Role;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A fresh production database has no accounts. When suishoupai.bootstrap.admin-username and
 * -password are set and no admin exists yet, this creates that first admin (once; later starts
 * find the admin and do nothing). Several instances starting together create it only once.
 */
@ApplicationScoped
class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    @ConfigProperty(name = "suishoupai.bootstrap.admin-username")
    Optional<String> username;

    @ConfigProperty(name = "suishoupai.bootstrap.admin-password")
    Optional<String> password;

    void onStart(
            @Observes @Priority(400) StartupEvent ev,
            PasswordHasher hasher,
            Clock clock,
            Audit audit,
            AdvisoryLocks locks) {
        if (username.isPresent() && password.isPresent()) {
            create(hasher, clock, audit, locks);
        }
    }

    @Transactional
    void create(PasswordHasher hasher, Clock clock, Audit audit, AdvisoryLocks locks) {
        locks.lock("bootstrap-admin");
        if (Account.count(
                        "from Account a where :r member of a.roles",
                        io.quarkus.panache.common.Parameters.with("r", Role.ADMIN_))
                > 0) {
            return;
        }
        List<Problem.FieldError> weak = PasswordRules.check("password", password.get());
        if (!weak.isEmpty()) {
            throw new IllegalStateException(
                    "suishoupai.bootstrap.admin-password is too weak: at least 8 characters with letters and digits");
        }
        Instant now = clock.instant();
        Account a = new Account();
        a.kind = Account.Kind.STAFF;
        a.username = username.get();
        a.displayName = "Administrator";
        a.passwordHash = hasher.hash(password.get());
        a.roles.add(Role.ADMIN_);
        a.createdAt = now;
        a.updatedAt = now;
        a.persistAndFlush();
        audit.record(Actor.system("bootstrap"), "account.create", Target.of("account", a.id), "bootstrap admin");
        LOG.infof("Created bootstrap admin account '%s'", a.username);
    }
}
