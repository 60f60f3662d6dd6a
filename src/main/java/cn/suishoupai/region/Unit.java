package cn.suishoupai.region;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A responsible unit (责任单位) that receives tickets. */
@Entity
public class Unit extends PanacheEntityBase {

    @Schema(name = "UnitType")
    public enum Type {
        DEPARTMENT,
        VILLAGE_COMMUNITY,
        ENTERPRISE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    public String name;

    @Enumerated(EnumType.STRING)
    public Type type;

    public String contactPhone;

    public boolean active = true;

    public Instant createdAt;

    @ElementCollection
    @CollectionTable(name = "unit_region")
    @Column(name = "region_id")
    public Set<Long> regionIds = new HashSet<>();
}
