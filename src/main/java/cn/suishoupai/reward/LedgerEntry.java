package cn.suishoupai.reward;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One append-only ledger line (the table refuses updates and deletes). */
@Entity
@Table(name = "reward_ledger")
public class LedgerEntry extends PanacheEntityBase {

    @Schema(name = "LedgerEntryKind")
    public enum Kind {
        ACCRUAL,
        CANCELLATION,
        PAYMENT,
        FAILURE,
        REVERSAL
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long rewardId;

    public Long batchId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public long amountFen;

    public Long reversesEntryId;

    public String reason;

    public Long actorId;

    public Instant at;

    static LedgerEntry append(
            long rewardId,
            Long batchId,
            Kind kind,
            long amountFen,
            Long reverses,
            String reason,
            Long actor,
            Instant at) {
        LedgerEntry e = new LedgerEntry();
        e.rewardId = rewardId;
        e.batchId = batchId;
        e.kind = kind;
        e.amountFen = amountFen;
        e.reversesEntryId = reverses;
        e.reason = reason;
        e.actorId = actor;
        e.at = at;
        e.persist();
        return e;
    }
}
