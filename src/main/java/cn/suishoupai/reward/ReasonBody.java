package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Texts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reason finance or a dispatcher gives for cancelling a reward, reversing a payment or marking a report fraudulent. */
@Schema(name = "RewardReasonBody")
public record ReasonBody(@FreeText(required = true) String reason) {

    /** The reason, trimmed; its shape is checked on the record, a missing body is refused here. */
    static String required(ReasonBody body) {
        if (body == null) {
            throw ApiException.invalidField("reason", "field.required");
        }
        return Texts.trimmed(body.reason());
    }
}
