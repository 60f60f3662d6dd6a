package cn.suishoupai.identity;

import java.util.Collection;
import java.util.Set;

/**
 * Which residents reported in some regions: a regional admin sees those residents' accounts. The
 * report package answers it (report.Reporters), so identity names no report class and reads no
 * report table.
 */
public interface ReportingResidents {

    /** The accounts that sent a report whose township or grid is one of these regions. */
    Set<Long> reportedIn(Collection<Long> regionIds);
}
