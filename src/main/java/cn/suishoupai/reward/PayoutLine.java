package cn.suishoupai.reward;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One reward in a batch, and the provider's result for it (PAID may later be REVERSED). */
@Entity
@Table(name = "payout_line")
public class PayoutLine extends PanacheEntityBase {

    public enum Status { PENDING, PAID, FAILED, DISCARDED, REVERSED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "batch_id")
    public Long batchId;

    @Column(name = "line_no")
    public int lineNo;

    @Column(name = "reward_id")
    public Long rewardId;

    @Column(name = "amount_fen")
    public long amountFen;

    @Enumerated(EnumType.STRING)
    @Column(name = "prior_state")
    public RewardState priorState;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "external_ref")
    public String externalRef;

    @Column(name = "failure_reason")
    public String failureReason;

    /** The payout phone or openid the line is paid to, as taken at build (null on lines older than V14). */
    public String destination;

    @Column(name = "result_at")
    public Instant resultAt;

    @Column(name = "result_by")
    public Long resultBy;

    /** REVERSED: the payment recorded for this line was reversed (by mistake, or the provider took it back). */
    @Column(name = "reversed_at")
    public Instant reversedAt;

    @Column(name = "reversed_by")
    public Long reversedBy;

    @Column(name = "reversal_reason")
    public String reversalReason;
}
