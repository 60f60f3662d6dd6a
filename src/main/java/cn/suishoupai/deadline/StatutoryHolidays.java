package cn.suishoupai.deadline;

import com.nlf.calendar.Lunar;
import com.nlf.calendar.Solar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The holidays a year has by law alone (《全国年节及纪念日放假办法》), pure: the provisional calendar
 * of a year whose official schedule (国务院办公厅节假日安排) is not entered yet.
 *
 * <p>Rules in force from 2025 (as amended 2024): 元旦 1 Jan; 春节 除夕 to 正月初三 (4 days; 除夕 is the
 * last day of the 12th lunar month, the 29th or 30th); 清明节 the day of the 清明 solar term; 劳动节
 * 1–2 May; 端午节 the 5th of the 5th lunar month; 中秋节 the 15th of the 8th lunar month; 国庆节 1–3 Oct.
 * Earlier versions: 2014–2024 春节 初一 to 初三 and 劳动节 1 May; 2008–2013 春节 除夕 to 初二 and 劳动节
 * 1 May; before 2008 春节 初一 to 初三, 劳动节 1–3 May and no 清明, 端午 or 中秋.
 *
 * <p>Every version says a holiday falling on a Saturday or Sunday is made up on a working day
 * (补假): each statutory day on a weekend, or on a day another festival already holds, adds the next
 * weekday after the festival that is not a holiday yet. What the rules cannot predict is left
 * out: the bridge days and the make-up working days on weekends (调休) of the official schedule.
 * Lunar dates and solar terms come from the 6tail lunar library, whose own year cache is a plain
 * HashMap: it is only called under a lock, and each year's answer is kept (it never changes).
 */
public final class StatutoryHolidays {

    /** substitute: a weekday made up for a statutory day on a weekend (补假), not a statutory day itself. */
    public record Holiday(LocalDate date, String name, boolean substitute) {}

    private static final Object LUNAR = new Object();
    private static final Map<Integer, List<Holiday>> YEARS = new ConcurrentHashMap<>();

    private StatutoryHolidays() {}

    /** The year's holidays by the rules in force that year, in date order. */
    public static List<Holiday> of(int year) {
        List<Holiday> known = YEARS.get(year);
        if (known != null) {
            return known;
        }
        synchronized (LUNAR) {
            return YEARS.computeIfAbsent(year, StatutoryHolidays::compute);
        }
    }

    private static List<Holiday> compute(int year) {
        Map<LocalDate, Holiday> days = new LinkedHashMap<>();
        for (Festival f : festivals(year)) {
            int toMakeUp = 0;
            for (LocalDate d : f.days) {
                if (isWeekend(d) || days.containsKey(d)) {
                    toMakeUp++;
                }
                days.putIfAbsent(d, new Holiday(d, f.name, false));
            }
            LocalDate d = f.days.get(f.days.size() - 1);
            while (toMakeUp > 0) {
                d = d.plusDays(1);
                if (!isWeekend(d) && !days.containsKey(d)) {
                    days.put(d, new Holiday(d, f.name + "补假", true));
                    toMakeUp--;
                }
            }
        }
        List<Holiday> list = new ArrayList<>(days.values());
        list.sort(Comparator.comparing(Holiday::date));
        return List.copyOf(list);
    }

    private record Festival(String name, List<LocalDate> days) {}

    private static List<Festival> festivals(int year) {
        LocalDate newYear = solar(Lunar.fromYmd(year, 1, 1).getSolar());
        boolean from2025 = year >= 2025;
        boolean from2014 = year >= 2014;
        boolean from2008 = year >= 2008;
        List<Festival> list = new ArrayList<>();
        list.add(new Festival("元旦", List.of(LocalDate.of(year, 1, 1))));
        if (from2025) {
            list.add(new Festival("春节", run(newYear.minusDays(1), 4))); // 除夕 to 初三
        } else if (from2014 || !from2008) {
            list.add(new Festival("春节", run(newYear, 3))); // 初一 to 初三
        } else {
            list.add(new Festival("春节", run(newYear.minusDays(1), 3))); // 除夕 to 初二
        }
        if (from2008) {
            Solar qingming =
                    Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable().get("清明");
            list.add(new Festival("清明节", List.of(solar(qingming))));
        }
        list.add(new Festival("劳动节", run(LocalDate.of(year, 5, 1), from2025 ? 2 : from2008 ? 1 : 3)));
        if (from2008) {
            list.add(new Festival("端午节", List.of(solar(Lunar.fromYmd(year, 5, 5).getSolar()))));
            list.add(
                    new Festival("中秋节", List.of(solar(Lunar.fromYmd(year, 8, 15).getSolar()))));
        }
        list.add(new Festival("国庆节", run(LocalDate.of(year, 10, 1), 3)));
        return list;
    }

    private static List<LocalDate> run(LocalDate first, int days) {
        List<LocalDate> list = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            list.add(first.plusDays(i));
        }
        return list;
    }

    private static LocalDate solar(Solar s) {
        return LocalDate.of(s.getYear(), s.getMonth(), s.getDay());
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
