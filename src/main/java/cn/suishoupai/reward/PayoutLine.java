package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One reward in a batch, and the provider's result for it (PAID may later be REVERSED). */
@Entity
public class PayoutLine extends PanacheEntityBase {

    @Schema(name = "PayoutLineStatus")
    public enum Status {
        PENDING,
        PAID,
        FAILED,
        DISCARDED,
        REVERSED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long batchId;

    public int lineNo;

    public Long rewardId;

    public long amountFen;

    @Enumerated(EnumType.STRING)
    public RewardState priorState;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String externalRef;

    public String failureReason;

    /** The payout phone or openid the line is paid to, as taken at build (null on lines older than V14). */
    public String destination;

    public Instant resultAt;

    public Long resultBy;

    /** REVERSED: the payment recorded for this line was reversed (by mistake, or the provider took it back). */
    public Instant reversedAt;

    public Long reversedBy;

    public String reversalReason;

    /** A line of a new batch: the reward's amount, and the state it returns to if the batch is discarded. */
    static PayoutLine pending(long batchId, int lineNo, Reward r, String destination) {
        PayoutLine l = new PayoutLine();
        l.destination = destination;
        l.batchId = batchId;
        l.lineNo = lineNo;
        l.rewardId = r.id;
        l.amountFen = r.amountFen;
        l.priorState = r.state;
        l.status = Status.PENDING;
        return l;
    }

    /**
     * Whether this result is already recorded (a retried delivery: nothing to do); false while the
     * line is pending. A line whose payment was since reversed still "has" that PAID result, so the
     * same delivery never pays again. Another result for a settled line is 409.
     */
    boolean alreadyRecorded(Status result, String ref, String reason) {
        if (status == Status.PENDING) {
            return false;
        }
        Status recorded = status == Status.REVERSED ? Status.PAID : status;
        boolean same =
                recorded == result && (result == Status.PAID ? ref.equals(externalRef) : reason.equals(failureReason));
        if (!same) {
            throw settled();
        }
        return true;
    }

    void paid(String ref, Long by, Instant now) {
        result(by, now);
        status = Status.PAID;
        externalRef = ref;
    }

    void failed(String reason, Long by, Instant now) {
        result(by, now);
        status = Status.FAILED;
        failureReason = reason;
    }

    /** PAID → REVERSED: the line keeps its reference. */
    void reversed(Long by, String reason, Instant now) {
        if (status != Status.PAID) {
            throw new IllegalStateException("payout line " + id + " is not paid");
        }
        status = Status.REVERSED;
        reversedAt = now;
        reversedBy = by;
        reversalReason = reason;
    }

    /** Its batch was discarded before export: the reward goes back to where it was. */
    void discarded(Reward r, Instant now) {
        r.leaveBatch(priorState, now);
        status = Status.DISCARDED;
    }

    private void result(Long by, Instant now) {
        if (status != Status.PENDING) {
            throw settled();
        }
        resultAt = now;
        resultBy = by;
    }

    private ApiException settled() {
        return ApiException.conflict("payout-line-settled", rewardId, status.name())
                .with("rewardId", rewardId)
                .with("lineStatus", status.name());
    }
}
