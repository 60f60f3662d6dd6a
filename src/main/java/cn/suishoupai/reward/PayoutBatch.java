package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Collection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A payout batch (结算批次): OPEN → EXPORTED → CLOSED, or OPEN → DISCARDED. */
@Entity
public class PayoutBatch extends PanacheEntityBase {

    @Schema(name = "PayoutBatchState")
    public enum State {
        OPEN,
        EXPORTED,
        CLOSED,
        DISCARDED
    }

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

    static PayoutBatch open(long regionId, Channel channel, String month, Long by, Instant now) {
        PayoutBatch b = new PayoutBatch();
        b.regionId = regionId;
        b.channel = channel;
        b.month = month;
        b.state = State.OPEN;
        b.createdBy = by;
        b.createdAt = now;
        return b;
    }

    /** The next line, paying this reward (which enters the batch) to the destination; the batch must be persisted. */
    PayoutLine add(Reward r, String destination, Instant now) {
        PayoutLine l = PayoutLine.pending(id, lineCount + 1, r, destination);
        r.enterBatch(now);
        lineCount++;
        totalFen += l.amountFen;
        return l;
    }

    /** OPEN → EXPORTED, once: the files can be downloaded from then on, and results recorded. */
    void export(Long by, Instant now) {
        if (exported()) {
            throw ApiException.conflict("payout-batch-already-exported", id).with("batchId", id);
        }
        requireState(State.OPEN);
        state = State.EXPORTED;
        exportedBy = by;
        exportedAt = now;
    }

    /** OPEN → DISCARDED; the caller returns each line's reward to where it was. */
    void discard(Long by, Instant now) {
        requireState(State.OPEN);
        state = State.DISCARDED;
        discardedBy = by;
        discardedAt = now;
    }

    boolean exported() {
        return state == State.EXPORTED || state == State.CLOSED;
    }

    /** Files and results exist only once exported. */
    void requireExported() {
        if (!exported()) {
            throw ApiException.conflict("payout-batch-not-exported", id)
                    .with("batchId", id)
                    .with("state", state.name());
        }
    }

    void paid(PayoutLine l, String ref, Long by, Instant now) {
        l.paid(ref, by, now);
        paidFen += l.amountFen;
    }

    void failed(PayoutLine l, String reason, Long by, Instant now) {
        l.failed(reason, by, now);
        failedFen += l.amountFen;
    }

    /** A line's recorded payment was reversed: its amount moves from paid to reversed. */
    void reversed(PayoutLine l, Long by, String reason, Instant now) {
        l.reversed(by, reason, now);
        paidFen -= l.amountFen;
        reversedFen += l.amountFen;
    }

    /** EXPORTED → CLOSED once no line of it is pending. */
    void closeIfSettled(Collection<PayoutLine> lines, Instant now) {
        if (state == State.EXPORTED && lines.stream().noneMatch(l -> l.status == PayoutLine.Status.PENDING)) {
            state = State.CLOSED;
            closedAt = now;
        }
    }

    /** What is neither paid, failed nor reversed; nothing once discarded. */
    long pendingFen() {
        return state == State.DISCARDED ? 0 : totalFen - paidFen - failedFen - reversedFen;
    }

    private void requireState(State wanted) {
        if (state != wanted) {
            throw ApiException.conflict("payout-batch-illegal-state", id, state.name(), wanted.name())
                    .with("batchId", id)
                    .with("state", state.name());
        }
    }
}
