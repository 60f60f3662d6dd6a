package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.region.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * The reward a ticket owes its first eligible reporter. Created by {@link RewardAccrual} (one per
 * ticket, enforced by the database); every later change goes through the methods here, and every
 * change of money through a ledger entry.
 */
@Entity
public class Reward extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long ticketId;

    public Long reportId;

    public Long payeeAccountId;

    public Long ruleId;

    public Long categoryId;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    public Long townshipId;

    public Long gridId;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    @Enumerated(EnumType.STRING)
    public RewardState state;

    public boolean awaitingFine;

    public Long fineFen;

    public long ruleAmountFen;

    public long amountFen;

    public String cutReason;

    public String accrualMonth;

    public Instant accruedAt;

    public Instant approvedAt;

    public Long approvedBy;

    public Instant cancelledAt;

    public Long cancelledBy;

    public String cancelReason;

    public Instant paidAt;

    public String externalRef;

    public String failureReason;

    public Instant updatedAt;

    @Version
    public long version;

    private void go(RewardState to, Instant now) {
        if (!state.canGo(to)) {
            throw ApiException.conflict("reward-illegal-transition", state.name(), to.name())
                    .with("rewardId", id)
                    .with("state", state.name());
        }
        state = to;
        updatedAt = now;
    }

    /** Payable: someone to pay, an amount known and more than nothing. */
    public void requirePayable() {
        if (payeeAccountId == null) {
            throw ApiException.conflict("reward-unclaimed", id).with("rewardId", id);
        }
        if (awaitingFine) {
            throw ApiException.conflict("reward-awaiting-fine", id).with("rewardId", id);
        }
        if (amountFen <= 0) {
            throw ApiException.conflict("reward-nothing-to-pay", id).with("rewardId", id);
        }
    }

    /** approvedBy null: approved automatically (under the configured amount). */
    public void approve(Long by, Instant now) {
        if (state != RewardState.ACCRUED) {
            // APPROVED is also reached by leaving a batch and by reversing a payment, never by approving
            throw ApiException.conflict("reward-illegal-transition", state.name(), RewardState.APPROVED.name())
                    .with("rewardId", id)
                    .with("state", state.name());
        }
        requirePayable();
        go(RewardState.APPROVED, now);
        approvedBy = by;
        approvedAt = now;
    }

    /**
     * Finance changes how the reward is paid while no batch holds it and it is not settled: ACCRUED,
     * APPROVED, or FAILED (a failed payment waiting for a later batch). Money and ledger unchanged.
     * Returns false when the channel is already the one asked for.
     */
    public boolean changeChannel(Channel to, Instant now) {
        if (state == RewardState.IN_BATCH) {
            throw ApiException.conflict("reward-in-batch", id).with("rewardId", id);
        }
        if (state != RewardState.ACCRUED && state != RewardState.APPROVED && state != RewardState.FAILED) {
            throw ApiException.conflict("reward-channel-fixed", id, state.name())
                    .with("rewardId", id)
                    .with("state", state.name());
        }
        if (channel == to) {
            return false;
        }
        channel = to;
        updatedAt = now;
        return true;
    }

    public void cancel(Long by, String reason, Instant now) {
        if (state == RewardState.IN_BATCH) {
            throw ApiException.conflict("reward-in-batch", id).with("rewardId", id);
        }
        go(RewardState.CANCELLED, now);
        cancelledBy = by;
        cancelReason = reason;
        cancelledAt = now;
    }

    void enterBatch(Instant now) {
        requirePayable();
        go(RewardState.IN_BATCH, now);
    }

    void leaveBatch(RewardState prior, Instant now) {
        if (state != RewardState.IN_BATCH || (prior != RewardState.APPROVED && prior != RewardState.FAILED)) {
            throw new IllegalStateException("reward " + id + " is not in a batch");
        }
        state = prior;
        updatedAt = now;
    }

    void paid(String ref, Instant now) {
        go(RewardState.PAID, now);
        externalRef = ref;
        paidAt = now;
    }

    /** PAID → APPROVED: the recorded payment was reversed; the reward is owed again. */
    void paymentReversed(Instant now) {
        if (state != RewardState.PAID) {
            throw ApiException.conflict("reward-not-paid", id, state.name())
                    .with("rewardId", id)
                    .with("state", state.name());
        }
        go(RewardState.APPROVED, now);
        paidAt = null;
        externalRef = null;
    }

    void failed(String reason, Instant now) {
        go(RewardState.FAILED, now);
        failureReason = reason;
    }

    /** Appends a cut reason (a cap found at claim or at fine time) to those already recorded. */
    void addCutReason(String reason) {
        if (reason == null) {
            return;
        }
        cutReason = cutReason == null ? reason : cutReason + "," + reason;
    }
}
