package cn.suishoupai.report;

import cn.suishoupai.media.UploadProcessed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A report waiting for its photos (PHOTOS_PROCESSING) is finished by the worker that processes the last of them: in
 * the worker's transaction, so the upload's outcome and the report's intake commit together.
 */
@ApplicationScoped
public class ReportFinishing {

    private final ReportIntake intake;

    ReportFinishing(ReportIntake intake) {
        this.intake = intake;
    }

    void processed(@Observes UploadProcessed e) {
        if (e.reportId() != null) {
            intake.photosDone(e.reportId());
        }
    }
}
