package cn.suishoupai.identity;

import cn.suishoupai.common.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whom a notice reaches and how (DOMAIN §6): the enabled accounts behind a recipient (a unit's staff,
 * the dispatchers, leaders or grid workers whose scope covers a region) and a resident's contact
 * data. Asked by notify's delivery; the account tables are read here.
 */
@ApplicationScoped
public class Addressees {

    /**
     * One addressed account. phone: the login phone, else a verified payout phone (residents), or the
     * staff account's phone; null when none. openid: the WeChat openid (residents logged in by WeChat).
     */
    public record Contact(long accountId, Account.Kind kind, String phone, String openid) {

        public boolean resident() {
            return kind == Account.Kind.RESIDENT;
        }
    }

    private final EntityManager em;

    Addressees(EntityManager em) {
        this.em = em;
    }

    /** The account, when it exists and is enabled. */
    public Optional<Contact> account(long accountId) {
        return contacts(
                        "select a.id, a.kind, coalesce(a.phone, case when a.payout_phone_verified_at is not null "
                                + "then a.payout_phone end), a.wechat_openid from account a where a.id = ?1 and a.enabled",
                        accountId)
                .stream()
                .findFirst();
    }

    /** The enabled staff of a unit that act for it (role unit). */
    public List<Contact> unitStaff(long unitId) {
        return contacts(
                "select a.id, a.kind, a.phone, null from account a join account_role r on r.account_id = a.id "
                        + "where a.unit_id = ?1 and r.role = ?2 and a.enabled and a.kind = 'STAFF' order by a.id",
                unitId,
                Role.UNIT_);
    }

    /**
     * The enabled staff with the role whose scope covers a region: one of their regions is the region or
     * above it (regionAndAbove, from region.ScopeTree.above). A service-wide account (no regions) is not
     * addressed: it is nobody's regional duty.
     */
    public List<Contact> regionalStaff(String role, Collection<Long> regionAndAbove) {
        if (regionAndAbove.isEmpty()) {
            return List.of();
        }
        return contacts(
                "select distinct a.id, a.kind, a.phone, null from account a "
                        + "join account_role r on r.account_id = a.id join account_region g on g.account_id = a.id "
                        + "where r.role = ?1 and g.region_id in (?2) and a.enabled and a.kind = 'STAFF' order by a.id",
                role,
                regionAndAbove);
    }

    private List<Contact> contacts(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<Contact> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Contact(
                    ((Number) r[0]).longValue(), Account.Kind.valueOf((String) r[1]), (String) r[2], (String) r[3]));
        }
        return out;
    }
}
