package cn.suishoupai.identity;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.AdvisoryLocks;
import cn.suishoupai.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class WechatLoginService {

    private final WechatClient wechat;
    private final ResidentAccounts residents;
    private final TokenService tokens;
    private final Audit audit;
    private final AdvisoryLocks locks;

    WechatLoginService(
            WechatClient wechat, ResidentAccounts residents, TokenService tokens, Audit audit, AdvisoryLocks locks) {
        this.wechat = wechat;
        this.residents = residents;
        this.tokens = tokens;
        this.audit = audit;
        this.locks = locks;
    }

    /** The WeChat call happens outside the transaction: no database connection waits on the network. */
    public TokenResponse login(String code, String clientIp) {
        WechatClient.Session session = wechat.exchange(code);
        return loginOpenid(session.openid(), clientIp);
    }

    @Transactional
    TokenResponse loginOpenid(String openid, String clientIp) {
        locks.lock("wx:" + openid);
        Account a = residents.byOpenid(openid);
        if (!a.enabled) {
            throw ApiException.forbidden("account-disabled");
        }
        audit.record(Actor.of(a.id, null, clientIp), "auth.wechat.success", Target.of("account", a.id), null);
        return tokens.issue(a);
    }
}
