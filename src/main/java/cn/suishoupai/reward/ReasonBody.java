package cn.suishoupai.reward;

import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Texts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reason finance or a dispatcher gives for cancelling a reward, reversing a payment or marking a report fraudulent. */
@Schema(name = "RewardReasonBody")
public record ReasonBody(@FreeText(required = true) String reason) {

    /** The reason, required and at most a note long. */
    static String required(ReasonBody body) {
        return Texts.required("reason", body == null ? null : body.reason());
    }
}
