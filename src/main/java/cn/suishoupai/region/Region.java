package cn.suishoupai.region;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A node of the region tree: district → township → zone → grid. */
@Entity
public class Region extends PanacheEntityBase {

    @Schema(name = "RegionLevel")
    public enum Level {
        DISTRICT,
        TOWNSHIP,
        ZONE,
        GRID
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    public String name;

    @Enumerated(EnumType.STRING)
    public Level level;

    public Long parentId;

    public Instant retiredAt;

    public Instant createdAt;

    public Instant updatedAt;

    /** Grid polygon as WKB (WGS-84, x = lng, y = lat); null for other levels. */
    public byte[] geometry;

    public Double areaM2;

    /**
     * The ids from the district down to this region, itself last: kept by the database (V33's trigger,
     * on insert and when a region moves), never written from here. Scope filters read it ({@link ScopeTree}).
     */
    @Column(insertable = false, updatable = false)
    public Long[] path;

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
