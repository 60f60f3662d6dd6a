package cn.suishoupai.deadline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "suishoupai.deadlines")
public interface DeadlinesConfig {

    /** Working periods of a working day in years the calendar has no data for ("HH:mm-HH:mm,..."). */
    @WithDefault("08:30-12:00,14:00-17:30")
    String defaultPeriods();

    /** How long one instance keeps its copy of the calendar; an edit on another instance shows within this. */
    @WithDefault("5s")
    Duration calendarCacheTtl();

    /**
     * When each instance logs that the current year, or from 1 December next year, has no official
     * holiday schedule (Quartz cron in Asia/Shanghai; read by {@link CalendarCheck}'s schedule).
     */
    @WithDefault("0 0 9 * * ?")
    String calendarCheckCron();

    /** The plan when no active policy matches; each span as "amount UNIT", e.g. "2 WORKING_HOURS". */
    DefaultPlan defaultPlan();

    interface DefaultPlan {

        @WithDefault("2 WORKING_HOURS")
        String sign();

        @WithDefault("5 WORKING_DAYS")
        String rectify();

        @WithDefault("2 WORKING_DAYS")
        String recheck();
    }
}
