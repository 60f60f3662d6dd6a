package cn.suishoupai.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Claim codes issued before V10 are stored as their bare SHA-256 digest, which anyone with a copy
 * of the database could test guesses against. V10 marks them (claim_code_keyed = false); at start-up
 * each is replaced by the keyed hash of that same digest, which needs the privacy secret but not the
 * code. Safe with several instances starting at once: a row is re-keyed only while still unmarked.
 */
@ApplicationScoped
public class ClaimCodeRekey {

    private static final Logger LOG = Logger.getLogger(ClaimCodeRekey.class);

    private final EntityManager em;
    private final ClaimCodeAccess claimCodes;

    ClaimCodeRekey(EntityManager em, ClaimCodeAccess claimCodes) {
        this.em = em;
        this.claimCodes = claimCodes;
    }

    void onStart(@Observes @Priority(500) StartupEvent ev) {
        int n = rekey();
        if (n > 0) {
            LOG.infof("Re-keyed %d claim code hashes issued before V10", n);
        }
    }

    /** Re-keys every unmarked claim code hash; returns how many. */
    public int rekey() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            "select id, claim_code_hash from report where not claim_code_keyed for update skip locked")
                    .getResultList();
            int n = 0;
            for (Object[] r : rows) {
                n += em.createNativeQuery("update report set claim_code_hash = ?1, claim_code_keyed = true "
                                + "where id = ?2 and not claim_code_keyed")
                        .setParameter(1, claimCodes.fromDigest((String) r[1]))
                        .setParameter(2, ((Number) r[0]).longValue())
                        .executeUpdate();
            }
            return n;
        });
    }
}
