package cn.suishoupai.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;

/**
 * The photo hashes duplicate detection compares, a set at a time: the photo table is read here, not
 * by report. Report photos carry their report's id; what a report is, is report's business.
 */
@ApplicationScoped
public class PhotoHashes {

    /** A report photo's perceptual hash. */
    public record ReportPhash(long reportId, String phash) {}

    private final EntityManager em;

    PhotoHashes(EntityManager em) {
        this.em = em;
    }

    /** The reports with a photo of one of these SHA-256s (byte-identical), by id. */
    public List<Long> reportsWithSha256(Collection<String> sha256) {
        if (sha256.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select distinct report_id from photo where sha256 in (?1) "
                        + "and report_id is not null order by 1")
                .setParameter(1, sha256)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** The perceptual hashes of these reports' photos, by report id. */
    public List<ReportPhash> ofReports(Collection<Long> reportIds) {
        if (reportIds.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select report_id, phash from photo where report_id in (?1) order by report_id")
                .setParameter(1, reportIds)
                .getResultList();
        return rows.stream()
                .map(r -> new ReportPhash(((Number) r[0]).longValue(), (String) r[1]))
                .toList();
    }
}
