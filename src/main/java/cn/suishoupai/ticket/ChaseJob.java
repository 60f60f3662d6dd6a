package cn.suishoupai.ticket;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Runs the chase sweep on every instance; the sweep itself makes that safe. */
@ApplicationScoped
public class ChaseJob {

    private static final Logger LOG = Logger.getLogger(ChaseJob.class);

    private final ChaseSweep sweep;
    private final Clock clock;

    ChaseJob(AgroalDataSource dataSource, ChaseConfig config, Clock clock, ChaseNotices notices) {
        this.sweep = new ChaseSweep(dataSource, config.batchSize(), config.workers(), notices);
        this.clock = clock;
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
        return sweep.sweep(clock.instant());
    }
}
