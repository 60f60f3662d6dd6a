package cn.suishoupai.identity;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin/accounts")
@Tag(name = "admin-accounts", description = "Staff accounts (admin)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.ADMIN_)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountAdminResource {

    public record CreateStaff(
            @NotBlank @Size(min = 3, max = 64) @Pattern(regexp = "^[A-Za-z0-9_.-]+$", message = "{username.format}")
            String username,

            @NotBlank @Size(max = 64) String displayName,
            @NotNull String password,

            @Pattern(regexp = "^[0-9+\\-]{5,20}$", message = "{phone.contact}")
            String phone,

            @NotEmpty Set<@NotBlank String> roles,
            Long unitId,
            Set<@NotNull Long> regionIds) {}

    public record ScopeChange(@NotEmpty Set<@NotBlank String> roles, Long unitId, Set<@NotNull Long> regionIds) {}

    public record PasswordReset(@NotNull String newPassword) {}

    private final AccountAdminService service;
    private final Caller caller;
    private final Idempotency idempotency;

    AccountAdminResource(AccountAdminService service, Caller caller, Idempotency idempotency) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List accounts (filters: kind, role, unit, enabled, text)")
    public Page<AccountView> list(
            @QueryParam("kind") @Pattern(regexp = "STAFF|RESIDENT") String kind,
            @QueryParam("role") String role,
            @QueryParam("unitId") Long unitId,
            @QueryParam("enabled") Boolean enabled,
            @QueryParam("q") @Size(max = 64) String q,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return service.list(kind, role, unitId, enabled, q, page, size, caller.actor());
    }

    @GET
    @Path("/{id}")
    public AccountView get(@PathParam("id") long id) {
        return service.get(id, caller.actor());
    }

    @POST
    @Operation(summary = "Create a staff account with roles and scope (a unit, or regions)")
    public Response create(@Valid @NotNull CreateStaff body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        return idempotency.created(
                caller.accountId(),
                idempotencyKey,
                "account.create",
                body,
                "/api/v1/admin/accounts",
                () -> service.create(
                        new AccountAdminService.NewStaff(
                                body.username(),
                                body.displayName(),
                                body.password(),
                                body.phone(),
                                body.roles(),
                                body.unitId(),
                                body.regionIds()),
                        caller.actor()),
                AccountView::id);
    }

    @PUT
    @Path("/{id}/scope")
    @Operation(summary = "Change an account's roles and scope; its sessions end")
    public AccountView rescope(@PathParam("id") long id, @Valid @NotNull ScopeChange body) {
        return service.rescope(
                id, new AccountAdminService.Scope(body.roles(), body.unitId(), body.regionIds()), caller.actor());
    }

    @POST
    @Path("/{id}/actions/disable")
    @Operation(summary = "Disable an account; its sessions end")
    public AccountView disable(@PathParam("id") long id) {
        return service.setEnabled(id, false, caller.actor());
    }

    @POST
    @Path("/{id}/actions/enable")
    public AccountView enable(@PathParam("id") long id) {
        return service.setEnabled(id, true, caller.actor());
    }

    @POST
    @Path("/{id}/actions/reset-password")
    @Operation(summary = "Set a new password; clears any lockout and ends sessions")
    public AccountView resetPassword(@PathParam("id") long id, @Valid @NotNull PasswordReset body) {
        return service.resetPassword(id, body.newPassword(), caller.actor());
    }

    @POST
    @Path("/{id}/actions/unlock")
    @Operation(summary = "Lift a login lockout before it expires")
    public AccountView unlock(@PathParam("id") long id) {
        return service.unlock(id, caller.actor());
    }
}
