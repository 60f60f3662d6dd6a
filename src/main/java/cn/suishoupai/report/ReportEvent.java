package cn.suishoupai.report;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** A step the reporter can follow. Carries no actor: residents never see who handled their report. */
@Entity
@Immutable
public class ReportEvent extends PanacheEntityBase {

    public enum Type {
        SUBMITTED,
        /** A photo of the report could not be processed and was dropped (note: which and why). */
        PHOTO_DROPPED,
        ACCEPTED,
        REJECTED,
        MERGED,
        UNMERGED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long reportId;

    public String type;

    public Instant at;

    public String note;

    static void append(long reportId, Type type, Instant at, String note) {
        ReportEvent e = new ReportEvent();
        e.reportId = reportId;
        e.type = type.name();
        e.at = at;
        e.note = note;
        e.persist();
    }
}
