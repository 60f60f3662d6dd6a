package cn.suishoupai.reward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;

/**
 * Money on /q/metrics, in fen, counted after commit per instance (sum over instances):
 * {@code suishoupai_rewards_accrued_fen_total} (what rewards owe as they accrue, after caps) and
 * {@code suishoupai_rewards_paid_fen_total} (payments the provider reported). A reversed payment is not taken off
 * the paid counter (counters only grow); {@code GET /api/v1/rewards/totals} has the standing figures.
 */
@Singleton
@Startup
public class RewardMetrics {

    private final Counter accrued;
    private final Counter paid;

    RewardMetrics(MeterRegistry meters) {
        this.accrued = Counter.builder("suishoupai.rewards.accrued.fen")
                .description("Reward amounts accrued, in fen")
                .register(meters);
        this.paid = Counter.builder("suishoupai.rewards.paid.fen")
                .description("Reward amounts paid, in fen")
                .register(meters);
    }

    void onAccrued(@Observes(during = TransactionPhase.AFTER_SUCCESS) RewardAccrued e) {
        accrued.increment(e.amountFen());
    }

    void onPaid(@Observes(during = TransactionPhase.AFTER_SUCCESS) RewardPaid e) {
        paid.increment(e.amountFen());
    }
}
