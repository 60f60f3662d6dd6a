package cn.suishoupai.identity;

import cn.suishoupai.common.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/** Finds or creates the resident behind a phone or a WeChat openid (created on first login). */
@ApplicationScoped
class ResidentAccounts {

    private final Clock clock;

    ResidentAccounts(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Account byPhone(String phone) {
        Account a = Account.find("kind = ?1 and phone = ?2", Account.Kind.RESIDENT, phone)
                .firstResult();
        return a != null ? a : create(phone, null, "居民" + phone.substring(phone.length() - 4));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Account byOpenid(String openid) {
        Account a = Account.find("kind = ?1 and wechatOpenid = ?2", Account.Kind.RESIDENT, openid)
                .firstResult();
        return a != null ? a : create(null, openid, "微信用户");
    }

    private Account create(String phone, String openid, String name) {
        Instant now = clock.instant();
        Account a = new Account();
        a.kind = Account.Kind.RESIDENT;
        a.phone = phone;
        a.wechatOpenid = openid;
        a.displayName = name;
        a.roles.add(Role.RESIDENT_);
        a.createdAt = now;
        a.updatedAt = now;
        a.persistAndFlush();
        return a;
    }
}
