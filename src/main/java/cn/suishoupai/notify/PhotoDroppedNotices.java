package cn.suishoupai.notify;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.report.ReportPhotoDropped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reporter hears that a photo of their report could not be processed and was dropped (photo-first uploads, issue
 * 14), in the transaction that finished the report's intake: {@code REPORT_PHOTO_DROPPED}, with {@code photosLeft} 0
 * when the report has no usable photo left and went to a dispatcher. An anonymous report's reporter is nobody we may
 * name, so nobody is told. (A minimal observer: the channels and wording are the notice routing's.)
 */
@ApplicationScoped
public class PhotoDroppedNotices {

    private final Outbox outbox;

    PhotoDroppedNotices(Outbox outbox) {
        this.outbox = outbox;
    }

    void dropped(@Observes ReportPhotoDropped e) {
        if (e.reporterAccountId() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reportId", e.reportId());
        payload.put("uploadId", e.uploadId());
        payload.put("position", e.position());
        payload.put("reason", e.reason());
        payload.put("photosLeft", e.photosLeft());
        outbox.enqueue(
                "REPORT_PHOTO_DROPPED", null, payload, new Recipient(RecipientType.ACCOUNT, e.reporterAccountId()));
    }
}
