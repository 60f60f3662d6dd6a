package cn.suishoupai.ticket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When the chase raises what (DOMAIN §6). Durations after/before a deadline are working time. */
@ConfigMapping(prefix = "suishoupai.chase")
public interface ChaseConfig {

    /** 催办: this much working time before the deadline (at half-time when the whole period is shorter). */
    @WithDefault("PT24H")
    Duration remindBefore();

    /** Escalation to the dispatcher, this much working time after the deadline (0: at the deadline, with the overdue mark). */
    @WithDefault("PT0S")
    Duration escalateAfter();

    /** 督办: escalation to leaders, this much working time after the deadline. */
    @WithDefault("PT16H")
    Duration leadersAfter();

    /** How often each instance sweeps for due chase steps. */
    @WithDefault("30s")
    String interval();

    /** Chase steps raised per transaction; a sweep repeats until none is due. */
    @WithDefault("2500")
    int batchSize();

    /** Connections one sweep uses at once (each takes its own due rows). */
    @WithDefault("2")
    int workers();
}
