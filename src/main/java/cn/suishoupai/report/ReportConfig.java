package cn.suishoupai.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "suishoupai.reports")
public interface ReportConfig {

    /** Reports one account may submit per business day (Asia/Shanghai), across all instances. */
    @WithDefault("20")
    int dailyLimit();

    /** Wrong claim codes one account may try per window (X-Claim-Code reads and reward claims), across all instances. */
    @WithDefault("10")
    int claimAttemptsPerAccount();

    /** Attempts with one claim code per window, from any accounts, right or wrong. */
    @WithDefault("20")
    int claimAttemptsPerCode();

    /** The window of both claim limits (at most one day). */
    @WithDefault("PT1H")
    Duration claimWindow();
}
