package cn.suishoupai.ticket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** 回头看: which closed tickets are looked at again, and when. */
@ConfigMapping(prefix = "suishoupai.reinspection")
public interface ReinspectionConfig {

    /** Share of closed tickets sampled, 0 to 1. */
    @WithDefault("0.1")
    double share();

    /** Tickets are sampled this long after they were closed (N days). */
    @WithDefault("P30D")
    Duration after();

    /** How far back a late run still samples (a job that was down for a while misses nothing). */
    @WithDefault("P7D")
    Duration window();

    @WithDefault("1h")
    String interval();
}
