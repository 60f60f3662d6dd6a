package cn.suishoupai.identity;

import java.util.Collection;
import java.util.Set;

/**
 * Which residents reported in some regions: a regional admin sees those residents' accounts. The
 * report package answers it (report.Reporters), so identity names no report class and reads no
 * report table.
 */
public interface ReportingResidents {

    /**
     * The accounts that sent a report whose township or grid lies at or below one of these regions (an
     * account's scope roots: one array parameter, however many regions lie below).
     */
    Set<Long> reportedIn(Collection<Long> roots);
}
