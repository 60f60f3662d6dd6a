package cn.suishoupai.reward;

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
    public enum Status { PENDING, PAID, FAILED, DISCARDED, REVERSED }

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
}
