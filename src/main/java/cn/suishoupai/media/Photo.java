package cn.suishoupai.media;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored photo: the private original, its display copy and thumbnail, and what we learnt from it. */
@Entity
public class Photo extends PanacheEntityBase {

    @Schema(name = "PhotoKind")
    public enum Kind {
        REPORT,
        AFTER,
        VERIFY,
        RECHECK
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long reportId;

    public Long ticketId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public short seq;

    public String fileName;

    public String format;

    public long bytes;

    public int width;

    public int height;

    public String originalKey;

    public String displayKey;

    public String thumbKey;

    public String sha256;

    public String phash;

    public Double exifLat;

    public Double exifLng;

    public Instant takenAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> flags = new ArrayList<>();

    public Instant createdAt;

    /** For ticket photos: the timeline event that brought them (after-, verification, re-check photos). */
    public Long ticketEventId;

    /** The row for a stored photo; the caller sets the owner (report or ticket) and any flags. */
    public static Photo fromStored(PhotoStore.Stored s, Kind kind, Instant now) {
        Photo p = new Photo();
        p.kind = kind;
        p.seq = (short) s.seq();
        p.fileName = s.fileName() == null
                ? null
                : s.fileName().substring(0, Math.min(255, s.fileName().length()));
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
