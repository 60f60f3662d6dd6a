package cn.suishoupai.report;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a dispatcher does not take a report on (不予受理); the resident sees the label and the note. */
@Schema(name = "ReportRejectReason")
public enum RejectReason {
    NOT_A_HAZARD("不属于安全隐患"),
    DUPLICATE("重复上报"),
    OUT_OF_JURISDICTION("不属于本辖区或本系统受理范围"),
    INSUFFICIENT_INFORMATION("信息不全，无法核实"),
    ALREADY_FIXED("隐患已消除"),
    FALSE_REPORT("反映情况不属实"),
    OTHER("其他原因");

    public final String label;

    RejectReason(String label) {
        this.label = label;
    }
}
