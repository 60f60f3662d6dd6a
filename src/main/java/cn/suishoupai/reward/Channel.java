package cn.suishoupai.reward;

import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import java.util.Collection;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How a reward is paid: phone credit (话费, the usual), a WeChat transfer, or a bank transfer. Each
 * channel needs a destination from the payee: phone credit a verified payout phone, WeChat the
 * payee's openid; a bank transfer is arranged by finance with the payee, reached at the payout phone
 * (bank accounts are not stored). A reward whose payee lacks it stays out of batches until they have it.
 */
@Schema(name = "RewardChannel")
public enum Channel {
    PHONE_CREDIT("NO_PAYOUT_PHONE", "缺少收款手机号"),
    WECHAT("NO_WECHAT_OPENID", "收款人未绑定微信"),
    BANK("NO_PAYOUT_PHONE", "缺少收款手机号");

    /** Why a reward on this channel cannot be paid while its payee has no destination, and its label. */
    public final String missing;

    public final String missingLabel;

    Channel(String missing, String missingLabel) {
        this.missing = missing;
        this.missingLabel = missingLabel;
    }

    /** The payee's destination on this channel, or null when they have none yet. */
    public String destination(Account payee) {
        if (payee == null) {
            return null;
        }
        return this == WECHAT ? payee.wechatOpenid : payee.payoutPhone();
    }

    /** Those of the payees that have a destination on this channel (the same rule as {@link #destination}). */
    Set<Long> reachable(AccountFacts accounts, Collection<Long> payees) {
        return this == WECHAT ? accounts.withWechatOpenid(payees) : accounts.withPayoutPhone(payees);
    }
}
