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
}
