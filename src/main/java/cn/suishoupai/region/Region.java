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
}
