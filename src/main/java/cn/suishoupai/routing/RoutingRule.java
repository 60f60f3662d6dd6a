package cn.suishoupai.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** (category or any, region) → lead unit or the grid's own village/community unit, plus assistants. */
@Entity
public class RoutingRule extends PanacheEntityBase {

    /** What the note column holds. */
    public static final int NOTE_MAX = 200;

    @Schema(name = "RoutingTarget")
    public enum Target {
        UNIT,
        TERRITORIAL
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** null means any category. */
    public Long categoryId;

    public Long regionId;

    @Enumerated(EnumType.STRING)
    public Target target;

    public Long leadUnitId;

    public boolean active = true;

    /** At most {@value #NOTE_MAX} characters (the column). */
    public String note;

    public Instant createdAt;

    public Instant updatedAt;

    @Version
    public long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "routing_rule_assist", joinColumns = @JoinColumn(name = "rule_id"))
    @Column(name = "unit_id")
    public Set<Long> assistingUnitIds = new HashSet<>();
}
