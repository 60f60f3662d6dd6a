package cn.suishoupai.identity;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in resident's payout phone (收款手机号) for phone-credit rewards. */
@Path("/api/v1/me/payout-phone")
@Tag(name = "me", description = "The signed-in account: who I am, and a resident's own settings")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.RESIDENT_)
@Produces(MediaType.APPLICATION_JSON)
public class PayoutPhoneResource {

    @Schema(name = "PayoutPhoneCodeRequest")
    public record CodeRequest(
            @NotNull @Pattern(regexp = AuthResource.PHONE, message = "{phone.invalid}")
            String phone) {}

    @Schema(name = "PayoutPhoneConfirm")
    public record Confirm(
            @NotNull @Pattern(regexp = AuthResource.PHONE, message = "{phone.invalid}")
            String phone,

            @NotNull @Pattern(regexp = "^\\d{6}$", message = "{sms.code.format}")
            String code) {}

    private final PayoutPhoneService phones;
    private final Caller caller;

    PayoutPhoneResource(PayoutPhoneService phones, Caller caller) {
        this.phones = phones;
        this.caller = caller;
    }

    @GET
    @Operation(
            summary =
                    "My payout phone, masked (my login phone until I set another; none for a WeChat resident who set none)")
    public PayoutPhoneService.PayoutPhone get() {
        return phones.get(caller.accountId());
    }

    @POST
    @Path("/code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Send a 6-digit code to the new payout phone",
            description =
                    "Same resend interval and daily limit per phone as login codes (429). The code only confirms this "
                            + "resident's payout phone; it is no login code.")
    public SmsLoginService.CodeSent requestCode(@Valid @NotNull CodeRequest body) {
        return phones.requestCode(caller.accountId(), body.phone(), caller.clientIp());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set or change my payout phone with the code sent to it",
            description =
                    "A wrong or expired code is 422 (sms-code-invalid / sms-code-expired) and changes nothing. Rewards not yet "
                            + "paid (including failed ones) go to the new phone in the next batch.")
    public PayoutPhoneService.PayoutPhone confirm(@Valid @NotNull Confirm body) {
        return phones.confirm(caller.accountId(), body.phone(), body.code(), caller.clientIp());
    }
}
