package cn.suishoupai.region;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A node of the region tree: district → township → zone → grid. */
@Entity
@Table(name = "region")
public class Region extends PanacheEntityBase {

    public enum Level { DISTRICT, TOWNSHIP, ZONE, GRID }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    public String name;

    @Enumerated(EnumType.STRING)
    public Level level;

    @Column(name = "parent_id")
    public Long parentId;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Grid polygon as WKB (WGS-84, x = lng, y = lat); null for other levels. */
    public byte[] geometry;

    @Column(name = "area_m2")
    public Double areaM2;

    public boolean isActive() {
        return retiredAt == null;
    }

    /** The level a child of this level has, or null for a grid (a leaf). */
    public static Level childLevel(Level level) {
        return switch (level) {
            case DISTRICT -> Level.TOWNSHIP;
            case TOWNSHIP -> Level.ZONE;
            case ZONE -> Level.GRID;
            case GRID -> null;
        };
    }
}
