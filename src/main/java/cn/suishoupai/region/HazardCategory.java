package cn.suishoupai.region;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A hazard category (隐患类别). */
@Entity
@Table(name = "hazard_category")
public class HazardCategory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    @Column(name = "name_zh")
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    /** GENERAL or MAJOR. */
    @Column(name = "default_severity")
    public String defaultSeverity;

    @Column(name = "auto_dispatch")
    public boolean autoDispatch;

    public boolean active = true;

    /** The category a report or a dispatcher names, if it exists and is in use. */
    public static HazardCategory activeByCode(String code) {
        return find("code = ?1 and active = true", code).firstResult();
    }
}
