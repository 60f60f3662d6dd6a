package cn.suishoupai.deadline;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.LocalDate;

/** A day that differs from Monday–Friday: a holiday (放假) or a make-up working day (调休上班). */
@Entity
public class WorkCalendarDay extends PanacheEntityBase {

    @Id
    public LocalDate day;

    @Column(name = "year")
    public int calendarYear;

    @Enumerated(EnumType.STRING)
    public WorkCalendar.DayKind kind;

    public String name;
}
