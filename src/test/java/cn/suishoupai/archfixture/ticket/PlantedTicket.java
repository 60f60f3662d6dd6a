package cn.suishoupai.archfixture.ticket;

import cn.suishoupai.archfixture.common.PlantedHelper;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;

/** Planted: an entity that the resource below returns. */
@Entity
public class PlantedTicket extends PanacheEntity {

    public String title;

    @Override
    public String toString() {
        return PlantedHelper.label(this);
    }
}
