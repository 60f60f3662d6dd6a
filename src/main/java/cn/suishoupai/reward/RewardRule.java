package cn.suishoupai.reward;

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
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reward rule (奖励标准): category (null = any) × severity, valid on Shanghai dates [validFrom, validUntil]. */
@Entity
public class RewardRule extends PanacheEntityBase {

    @Schema(name = "RewardRuleKind")
    public enum Kind {
        FIXED,
        FINE_PERCENT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long categoryId;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public Long fixedFen;

    public Integer percentBps;

    public Long minFen;

    public Long maxFen;

    @Enumerated(EnumType.STRING)
    public Channel channel;

    public LocalDate validFrom;

    public LocalDate validUntil;

    public String note;

    public Long createdBy;

    public Instant createdAt;

    public Instant updatedAt;

    @Version
    public long version;

    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validUntil == null || !day.isAfter(validUntil));
    }

    /** Whether the two date ranges share a day. */
    public boolean overlaps(LocalDate from, LocalDate until) {
        boolean startsBeforeOtherEnds = validUntil == null || !from.isAfter(validUntil);
        boolean endsAfterOtherStarts = until == null || !until.isBefore(validFrom);
        return startsBeforeOtherEnds && endsAfterOtherStarts;
    }

    /** The rule in force on a day for a category and severity: the category's own before an any-category rule. */
    public static RewardRule inForce(Long categoryId, Severity severity, LocalDate day) {
        if (severity == null) {
            return null;
        }
        RewardRule own = categoryId == null
                ? null
                : RewardRule.<RewardRule>find(
                                "categoryId = ?1 and severity = ?2 and validFrom <= ?3 and (validUntil is null or validUntil >= ?3)",
                                categoryId,
                                severity,
                                day)
                        .firstResult();
        if (own != null) {
            return own;
        }
        return RewardRule.<RewardRule>find(
                        "categoryId is null and severity = ?1 and validFrom <= ?2 and (validUntil is null or validUntil >= ?2)",
                        severity,
                        day)
                .firstResult();
    }
}
