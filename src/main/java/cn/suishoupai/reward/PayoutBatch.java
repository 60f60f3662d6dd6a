package cn.suishoupai.reward;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A payout batch (结算批次): OPEN → EXPORTED → CLOSED, or OPEN → DISCARDED. */
@Entity
public class PayoutBatch extends PanacheEntityBase {

    @Schema(name = "PayoutBatchState")
    public enum State { OPEN, EXPORTED, CLOSED, DISCARDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long regionId;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String month;

    @Enumerated(EnumType.STRING)
    public State state;

    public int lineCount;

    public long totalFen;

    public long paidFen;

    public long failedFen;

    /** Recorded paid, then reversed; total = paid + failed + reversed + pending. */
    public long reversedFen;

    public Long createdBy;

    public Instant createdAt;

    public Long exportedBy;

    public Instant exportedAt;

    public Instant closedAt;

    public Long discardedBy;

    public Instant discardedAt;

    @Version
    public long version;
}
