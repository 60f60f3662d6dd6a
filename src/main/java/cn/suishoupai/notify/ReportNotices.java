package cn.suishoupai.notify;

import cn.suishoupai.notify.Outbox.Recipient;
import cn.suishoupai.notify.Outbox.RecipientType;
import cn.suishoupai.report.ReportAccepted;
import cn.suishoupai.report.ReportMerged;
import cn.suishoupai.report.ReportRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reporter hears what became of their report (DOMAIN §6): accepted (dispatched), not taken on
 * (不予受理, with the reason), merged into a ticket of the same hazard. In the transaction of the
 * decision. An anonymous report has no account to tell.
 */
@ApplicationScoped
public class ReportNotices {

    private final Outbox outbox;

    ReportNotices(Outbox outbox) {
        this.outbox = outbox;
    }

    void accepted(@Observes ReportAccepted e) {
        if (e.reporterId() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reportId", e.reportId());
        payload.put("ticketId", e.ticketId());
        payload.put("auto", e.auto());
        outbox.enqueue(
                NoticeKind.REPORT_ACCEPTED.name(),
                e.ticketId(),
                payload,
                new Recipient(RecipientType.ACCOUNT, e.reporterId()));
    }

    void rejected(@Observes ReportRejected e) {
        if (e.reporterId() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reportId", e.reportId());
        payload.put("reason", e.reason().name());
        payload.put("reasonLabel", e.reason().label);
        payload.put("note", e.note());
        outbox.enqueue(
                NoticeKind.REPORT_REJECTED.name(), null, payload, new Recipient(RecipientType.ACCOUNT, e.reporterId()));
    }

    void merged(@Observes ReportMerged e) {
        if (e.reporterId() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reportId", e.reportId());
        payload.put("ticketId", e.ticketId());
        outbox.enqueue(
                NoticeKind.REPORT_MERGED.name(),
                e.ticketId(),
                payload,
                new Recipient(RecipientType.ACCOUNT, e.reporterId()));
    }
}
