package cn.suishoupai.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Budgets of {@link RateBudget}: how many SMS codes, failed password logins and failed claim-code
 * attempts one client address (and, for SMS codes, the whole service) may spend per clock hour and
 * per calendar day (Asia/Shanghai). 0 switches a budget off. See docs/OPERATIONS.md.
 */
@ConfigMapping(prefix = "suishoupai.budgets")
public interface BudgetsConfig {

    Sms sms();

    Attempts login();

    Attempts claim();

    /** How often spent windows are deleted ("off" disables the purge). */
    @WithDefault("1h")
    String purgeInterval();

    /** Per address, at most one WARN line per budget and scope within this interval (the rest are counted). */
    @WithDefault("PT1M")
    Duration logInterval();

    interface Limits {
        int perHour();

        int perDay();
    }

    interface Sms {
        /** Codes sent per client address. */
        Limits perAddress();

        /** Codes sent by the whole service, all addresses together. */
        Limits service();
    }

    interface Attempts {
        /** Failed attempts per client address (successful ones are given back). */
        Limits perAddress();
    }
}
