package cn.suishoupai.deadline;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** A year with official calendar data; years without a row are provisional (weekends and {@link StatutoryHolidays}). */
@Entity
public class WorkCalendarYear extends PanacheEntityBase {

    @Id
    @Column(name = "year")
    public Integer calendarYear;

    /** "08:30-12:00,14:00-17:30" (see WorkCalendar.Period). */
    public String periods;

    public Instant updatedAt;
}
