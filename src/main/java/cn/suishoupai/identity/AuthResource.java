package cn.suishoupai.identity;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/auth")
@Tag(name = "auth", description = "Login, tokens and sessions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    /** Mainland China mobile numbers, 11 digits. */
    static final String PHONE = "^1[3-9]\\d{9}$";

    public record LoginRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 128) String password) {}

    public record SmsRequest(
            @NotNull @Pattern(regexp = PHONE, message = "{phone.invalid}")
            String phone) {}

    public record SmsVerify(
            @NotNull @Pattern(regexp = PHONE, message = "{phone.invalid}")
            String phone,

            @NotNull @Pattern(regexp = "^\\d{6}$", message = "{sms.code.format}")
            String code) {}

    public record WechatLogin(@NotBlank @Size(max = 128) String code) {}

    public record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {}

    private final LoginService login;
    private final SmsLoginService sms;
    private final WechatLoginService wechat;
    private final TokenService tokens;
    private final Caller caller;

    AuthResource(
            LoginService login, SmsLoginService sms, WechatLoginService wechat, TokenService tokens, Caller caller) {
        this.login = login;
        this.sms = sms;
        this.wechat = wechat;
        this.tokens = tokens;
        this.caller = caller;
    }

    @POST
    @Path("/login")
    @Operation(summary = "Staff login with username and password (locked for 15 min after 5 failures in 15 min)")
    public TokenResponse login(@Valid @NotNull LoginRequest body) {
        return login.login(body.username(), body.password(), caller.clientIp());
    }

    @POST
    @Path("/sms/request")
    @Operation(summary = "Send a 6-digit login code to a resident's phone")
    public SmsLoginService.CodeSent smsRequest(@Valid @NotNull SmsRequest body) {
        return sms.request(body.phone(), caller.clientIp());
    }

    @POST
    @Path("/sms/verify")
    @Operation(summary = "Log a resident in with phone + SMS code; creates the account on first login")
    public TokenResponse smsVerify(@Valid @NotNull SmsVerify body) {
        return sms.verify(body.phone(), body.code(), caller.clientIp());
    }

    @POST
    @Path("/wechat")
    @Operation(summary = "Log a resident in with a WeChat mini-program wx.login() code")
    public TokenResponse wechat(@Valid @NotNull WechatLogin body) {
        return wechat.login(body.code(), caller.clientIp());
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Exchange a refresh token for new tokens; each refresh token works once")
    public TokenResponse refresh(@Valid @NotNull RefreshRequest body) {
        TokenService.RefreshOutcome outcome = tokens.refresh(body.refreshToken(), caller.clientIp());
        if (outcome instanceof TokenService.RefreshOutcome.Issued issued) {
            return issued.tokens();
        }
        throw ApiException.unauthorized(((TokenService.RefreshOutcome.Refused) outcome).code());
    }

    @POST
    @Path("/logout")
    @Operation(summary = "End the session a refresh token belongs to")
    public Response logout(@Valid @NotNull RefreshRequest body) {
        tokens.logout(body.refreshToken(), caller.clientIp());
        return Response.noContent().build();
    }
}
