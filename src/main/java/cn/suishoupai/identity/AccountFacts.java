package cn.suishoupai.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What other features ask of accounts by id, a set at a time: the account table is read here, not
 * by report or reward. An account handed out here is for reading; identity changes it. The sets can
 * be large (every payee of a township's payout batch): the ids go to the database as one array
 * parameter ({@code id = any(?1)}), never as an IN list of one parameter each, which PostgreSQL's
 * protocol limits to 65 535 (32 767 with older drivers).
 */
@ApplicationScoped
public class AccountFacts {

    private final EntityManager em;

    AccountFacts(EntityManager em) {
        this.em = em;
    }

    /** Each existing account's kind, by id. */
    public Map<Long, Account.Kind> kinds(Collection<Long> accountIds) {
        Map<Long, Account.Kind> out = new HashMap<>();
        if (accountIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, kind from account where id = any(?1)")
                .setParameter(1, array(accountIds))
                .getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), Account.Kind.valueOf((String) r[1])));
        return out;
    }

    /** The account with this id, or null when there is none. */
    public Account account(long id) {
        return Account.findById(id);
    }

    /** These accounts, by id (unknown and null ids are absent). */
    public Map<Long, Account> accounts(Collection<Long> accountIds) {
        Map<Long, Account> out = new HashMap<>();
        Set<Long> distinct = new HashSet<>(accountIds);
        distinct.remove(null);
        if (!distinct.isEmpty()) {
            Account.<Account>list("id in ?1", distinct).forEach(a -> out.put(a.id, a));
        }
        return out;
    }

    /** Those of the accounts that have a WeChat openid to be paid to. */
    public Set<Long> withWechatOpenid(Collection<Long> accountIds) {
        return ids("select id from account where id = any(?1) and wechat_openid is not null", accountIds);
    }

    /** Those of the accounts that have a phone to be paid to: the payout phone, else the login phone ({@link Account#payoutPhone()}). */
    public Set<Long> withPayoutPhone(Collection<Long> accountIds) {
        return ids(
                "select id from account where id = any(?1) and coalesce(payout_phone, phone) is not null", accountIds);
    }

    private Set<Long> ids(String sql, Collection<Long> accountIds) {
        Set<Long> out = new HashSet<>();
        if (accountIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Number> rows =
                em.createNativeQuery(sql).setParameter(1, array(accountIds)).getResultList();
        rows.forEach(n -> out.add(n.longValue()));
        return out;
    }

    /** One bigint[] parameter, however many ids. */
    private static Long[] array(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }
}
