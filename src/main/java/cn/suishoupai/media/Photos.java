package cn.suishoupai.media;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The photos of a report or a ticket, for the views of report and ticket: the photo table is read here,
 * not by them. A photo handed out here is for reading.
 */
@ApplicationScoped
public class Photos {

    /** A report's photos in the order they were sent. */
    public List<Photo> ofReport(long reportId) {
        return Photo.list("reportId = ?1 order by seq", reportId);
    }

    /** The photos of several reports (a page of the review queue) in one query: by report, each in the order sent. */
    public Map<Long, List<Photo>> ofReports(Collection<Long> reportIds) {
        Map<Long, List<Photo>> out = new HashMap<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        List<Photo> all = Photo.list("reportId in ?1 order by reportId, seq", List.copyOf(reportIds));
        for (Photo p : all) {
            out.computeIfAbsent(p.reportId, k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** A report's first photo, or null. */
    public Photo firstOfReport(long reportId) {
        return Photo.<Photo>find("reportId = ?1 order by seq", reportId).firstResult();
    }

    /** A ticket's photos in the order they were stored. */
    public List<Photo> ofTicket(long ticketId) {
        return Photo.list("ticketId = ?1 order by id", ticketId);
    }

    /** A ticket's photos of one kind, by when they were taken, then in the order they were sent. */
    public List<Photo> ofTicket(long ticketId, Photo.Kind kind) {
        return Photo.list("ticketId = ?1 and kind = ?2 order by createdAt, seq", ticketId, kind);
    }
}
