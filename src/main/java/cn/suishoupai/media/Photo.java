package cn.suishoupai.media;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored photo: the private original, its display copy and thumbnail, and what we learnt from it. */
@Entity
@Table(name = "photo")
public class Photo extends PanacheEntityBase {

    public enum Kind { REPORT, AFTER, VERIFY, RECHECK }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "report_id")
    public Long reportId;

    @Column(name = "ticket_id")
    public Long ticketId;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Kind kind;

    public short seq;

    @Column(name = "file_name")
    public String fileName;

    public String format;

    public long bytes;

    public int width;

    public int height;

    @Column(name = "original_key")
    public String originalKey;

    @Column(name = "display_key")
    public String displayKey;

    @Column(name = "thumb_key")
    public String thumbKey;

    public String sha256;

    public String phash;

    @Column(name = "exif_lat")
    public Double exifLat;

    @Column(name = "exif_lng")
    public Double exifLng;

    @Column(name = "taken_at")
    public Instant takenAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> flags = new ArrayList<>();

    @Column(name = "created_at")
    public Instant createdAt;

    /** For ticket photos: the timeline event that brought them (after-, verification, re-check photos). */
    @Column(name = "ticket_event_id")
    public Long ticketEventId;

    /** The row for a stored photo; the caller sets the owner (report or ticket) and any flags. */
    public static Photo fromStored(PhotoStore.Stored s, Kind kind, Instant now) {
        Photo p = new Photo();
        p.kind = kind;
        p.seq = (short) s.seq();
        p.fileName = s.fileName() == null ? null : s.fileName().substring(0, Math.min(255, s.fileName().length()));
        p.format = s.format().name();
        p.bytes = s.bytes();
        p.width = s.width();
        p.height = s.height();
        p.originalKey = s.originalKey();
        p.displayKey = s.displayKey();
        p.thumbKey = s.thumbKey();
        p.sha256 = s.sha256();
        p.phash = s.phash();
        if (s.exif() != null) {
            p.exifLat = s.exif().lat();
            p.exifLng = s.exif().lng();
            p.takenAt = s.exif().takenAt();
        }
        p.createdAt = now;
        return p;
    }
}
