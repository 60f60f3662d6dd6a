package cn.suishoupai.ticket;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Runs the chase sweep on every instance; the sweep itself makes that safe. */
@ApplicationScoped
@Startup
public class ChaseJob {

    private static final Logger LOG = Logger.getLogger(ChaseJob.class);

    private final ChaseSweep sweep;
    private final Clock clock;
    private final Counter raised;

    ChaseJob(AgroalDataSource dataSource, ChaseConfig config, Clock clock, ChaseNotices notices, MeterRegistry meters) {
        this.sweep = new ChaseSweep(dataSource, config.batchSize(), config.workers(), notices);
        this.clock = clock;
        this.raised = Counter.builder("suishoupai.chase.steps")
                .description("Chase steps raised (reminder, overdue, escalations), each once service-wide")
                .register(meters);
    }

    @Scheduled(
            every = "${suishoupai.chase.interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        int n = run();
        if (n > 0) {
            LOG.infof("chase: raised %d reminder/overdue/escalation steps", n);
        }
    }

    /** One sweep now; returns the number of steps raised. */
    public int run() {
        int n = sweep.sweep(clock.instant()); // committed when it returns
        raised.increment(n);
        return n;
    }
}
