package cn.suishoupai.region;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** A hazard category (隐患类别). */
@Entity
public class HazardCategory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    public String nameZh;

    public String nameEn;

    /** GENERAL or MAJOR. */
    public String defaultSeverity;

    public boolean autoDispatch;

    public boolean active = true;

    /** The category a report or a dispatcher names, if it exists and is in use. */
    public static HazardCategory activeByCode(String code) {
        return find("code = ?1 and active = true", code).firstResult();
    }
}
