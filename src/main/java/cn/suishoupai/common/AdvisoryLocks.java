package cn.suishoupai.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * PostgreSQL transaction-scoped advisory locks: serialise work on one key (a phone, an openid)
 * across every instance of the service, released at commit or rollback.
 */
@ApplicationScoped
public class AdvisoryLocks {

    private final EntityManager em;

    AdvisoryLocks(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String key) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, key)
                .getSingleResult();
    }
}
