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
import jakarta.persistence.Version;
import java.time.Instant;

/** A payout batch (结算批次): OPEN → EXPORTED → CLOSED, or OPEN → DISCARDED. */
@Entity
@Table(name = "payout_batch")
public class PayoutBatch extends PanacheEntityBase {

    public enum State { OPEN, EXPORTED, CLOSED, DISCARDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "region_id")
    public Long regionId;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public String month;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "line_count")
    public int lineCount;

    @Column(name = "total_fen")
    public long totalFen;

    @Column(name = "paid_fen")
    public long paidFen;

    @Column(name = "failed_fen")
    public long failedFen;

    /** Recorded paid, then reversed; total = paid + failed + reversed + pending. */
    @Column(name = "reversed_fen")
    public long reversedFen;

    @Column(name = "created_by")
    public Long createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "exported_by")
    public Long exportedBy;

    @Column(name = "exported_at")
    public Instant exportedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "discarded_by")
    public Long discardedBy;

    @Column(name = "discarded_at")
    public Instant discardedAt;

    @Version
    public long version;
}
