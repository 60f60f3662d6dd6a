package cn.suishoupai.report;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Position;
import cn.suishoupai.ticket.Ticket;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * What one resident submitted (线索). The content never changes; status and ticket say where it
 * stands. reporterId is null for an anonymous report and for a partner system's (Open311, reporterRole partner).
 */
@Entity
public class Report extends PanacheEntityBase {

    /**
     * PHOTOS_PROCESSING: submitted with uploads still being processed; routed and dispatched or queued once they are
     * done. PENDING_REVIEW: in the dispatcher queue. ACCEPTED: made its ticket. MERGED: joined an existing ticket.
     */
    @Schema(name = "ReportReviewStatus")
    public enum Status {
        PHOTOS_PROCESSING,
        PENDING_REVIEW,
        ACCEPTED,
        MERGED,
        REJECTED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long reporterId;

    public String reporterRole;

    public boolean anonymous;

    public String claimCodeHash;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Long ticketId;

    public Long categoryId;

    public String suggestedCategory;

    public double inputLat;

    public double inputLng;

    public String inputCrs;

    /** WGS-84. */
    public double lat;

    public double lng;

    // The strategy never splits before a final capital: accuracyM alone would map to accuracym.
    @Column(name = "accuracy_m")
    public Double accuracyM;

    public String address;

    public String description;

    public Long townshipId;

    public Long gridId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String routing;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> reviewReasons = new ArrayList<>();

    public String rejectReason;

    public String rejectNote;

    public Instant createdAt;

    public Instant updatedAt;

    /** While in the dispatcher's queue: reviewed by then (the dispatchers' deadline, chased as REVIEW). */
    public Instant reviewDueAt;

    @Version
    public long version;

    /**
     * Where the report is, in {@code target}; null means the system it was submitted in. In the
     * submitted system the answer is the submitted numbers themselves, so the pin is where it was put.
     */
    public Position position(Crs target) {
        Crs submitted = Crs.valueOf(inputCrs);
        if (target == null || target == submitted) {
            return new Position(inputLat, inputLng, submitted);
        }
        return Position.wgs84(lat, lng).in(target);
    }

    void accept(Ticket ticket, Instant now) {
        requireQueued();
        status = Status.ACCEPTED;
        reviewDueAt = null;
        ticketId = ticket.id;
        updatedAt = now;
    }

    void reject(String reason, String note, Instant now) {
        requireQueued();
        status = Status.REJECTED;
        reviewDueAt = null;
        rejectReason = reason;
        rejectNote = note;
        updatedAt = now;
    }

    void mergeInto(Ticket target, Instant now) {
        requireQueued();
        status = Status.MERGED;
        reviewDueAt = null;
        ticketId = target.id;
        updatedAt = now;
    }

    void unmerge(Instant now) {
        if (status != Status.MERGED) {
            throw notInStatus(Status.MERGED);
        }
        status = Status.PENDING_REVIEW;
        ticketId = null;
        updatedAt = now;
    }

    private void requireQueued() {
        if (status != Status.PENDING_REVIEW) {
            throw notInStatus(Status.PENDING_REVIEW);
        }
    }

    private ApiException notInStatus(Status expected) {
        return ApiException.conflict("report-not-in-review", status, expected)
                .with("reportId", id)
                .with("reportStatus", status.name());
    }
}
