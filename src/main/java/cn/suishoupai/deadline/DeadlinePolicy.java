package cn.suishoupai.deadline;

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

/** Category (or any) × severity → the periods a new ticket gets. At most one active per key. */
@Entity
public class DeadlinePolicy extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** null means any category. */
    public Long categoryId;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    public int signAmount;

    @Enumerated(EnumType.STRING)
    public Span.Unit signUnit;

    public int rectifyAmount;

    @Enumerated(EnumType.STRING)
    public Span.Unit rectifyUnit;

    public int recheckAmount;

    @Enumerated(EnumType.STRING)
    public Span.Unit recheckUnit;

    public boolean active = true;

    public Instant createdAt;

    public Instant updatedAt;

    @Version
    public long version;

    public DeadlinePlan plan() {
        return new DeadlinePlan(id, sign(), rectify(), recheck());
    }

    public Span sign() {
        return new Span(signAmount, signUnit);
    }

    public Span rectify() {
        return new Span(rectifyAmount, rectifyUnit);
    }

    public Span recheck() {
        return new Span(recheckAmount, recheckUnit);
    }

    void setSpans(Span sign, Span rectify, Span recheck) {
        signAmount = sign.amount();
        signUnit = sign.unit();
        rectifyAmount = rectify.amount();
        rectifyUnit = rectify.unit();
        recheckAmount = recheck.amount();
        recheckUnit = recheck.unit();
    }
}
