package cn.suishoupai.reward;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reward settings (DOMAIN §7). Amounts in fen. */
@ConfigMapping(prefix = "suishoupai.rewards")
public interface RewardsConfig {

    /** Rewards of more than 0 and less than this are approved on accrual; 0 turns auto-approval off. */
    @WithDefault("0")
    long autoApproveBelowFen();

    /** What one payee may accrue in a calendar month (Asia/Shanghai); 0 means no cap. */
    @WithDefault("20000")
    long monthlyCapFen();

    /**
     * Whether fine-based rewards (FINE_PERCENT rules: the national major-hazard scheme, 15 % of the
     * fine, ¥3,000–¥300,000) are exempt from the monthly cap: not cut by it and not counted towards
     * it. The township budget still applies.
     */
    @WithDefault("true")
    boolean monthlyCapExemptsFineRules();

    /** The channel of a reward whose rule names none, and of a batch whose request names none. */
    @WithDefault("PHONE_CREDIT")
    Channel defaultChannel();

    /** Most lines one payout batch takes; a larger selection is left for the next batch. */
    @WithDefault("5000")
    int maxBatchLines();
}
