package cn.suishoupai.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "suishoupai.reports")
public interface ReportConfig {

    /** Reports one account may submit per business day (Asia/Shanghai), across all instances. */
    @WithDefault("20")
    int dailyLimit();
}
