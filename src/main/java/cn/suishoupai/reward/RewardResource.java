package cn.suishoupai.reward;

import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Matches;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Role;
import cn.suishoupai.common.Values;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rewards (DOMAIN §7): finance reviews and approves them within its regions; a resident sees their
 * own and claims anonymous reports with the claim code. Amounts are integer fen.
 */
@Path("/api/v1/rewards")
@Tag(name = "rewards", description = "Rewards (举报奖励): finance review, resident view, totals and ledger consistency")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class RewardResource {

    private final FinanceRewards finance;
    private final FinanceRewardViews views;
    private final RewardClaims claims;
    private final RewardReports reports;
    private final Caller caller;

    RewardResource(
            FinanceRewards finance,
            FinanceRewardViews views,
            RewardClaims claims,
            RewardReports reports,
            Caller caller) {
        this.finance = finance;
        this.views = views;
        this.claims = claims;
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Role.FINANCE_)
    @Operation(
            summary = "Rewards in my regions, newest first, with the payee's name and masked phone",
            description =
                    "month is the accrual month YYYY-MM (Asia/Shanghai); regionId narrows to a township, zone or grid.")
    public Page<FinanceRewardViews.FinanceReward> list(
            @QueryParam("state") RewardState state,
            @QueryParam("regionId") Long regionId,
            @QueryParam("month") @Matches(regexp = Months.REGEX, message = "field.month.format") String month,
            @QueryParam("channel") Channel channel,
            @QueryParam("ticketId") Long ticketId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return views.list(state, regionId, month, channel, ticketId, page, size, caller.actor());
    }

    @GET
    @Path("/mine")
    @RolesAllowed(Role.RESIDENT_)
    @Operation(summary = "My rewards: ticket, amount, state and dates")
    public Page<RewardClaims.MyReward> mine(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return claims.mine(caller.accountId(), page, size);
    }

    @POST
    @Path("/claims")
    @RolesAllowed(Role.RESIDENT_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Claim an anonymous report with its claim code: I become the payee of its reward (now or when it accrues)",
            description =
                    "Repeating a claim I already made returns it again; a report claimed by someone else is 409; an unknown code 404. "
                            + "Wrong codes are counted per account and all attempts per code: past the limit 429 claim-rate-limited with Retry-After.")
    public RewardClaims.Claimed claim(@Valid RewardClaims.ClaimBody body) {
        return claims.claim(body, caller.actor());
    }

    @GET
    @Path("/totals")
    @RolesAllowed({Role.FINANCE_, Role.ADMIN_})
    @Operation(
            summary =
                    "Totals (count, amount, paid, outstanding, cancelled) by accrual month, township, category and state",
            description = "from/to: accrual months YYYY-MM, inclusive. Finance and a township admin see their regions; "
                    + "a service-wide admin the whole service. In every row amountFen = paidFen + outstandingFen + cancelledFen; "
                    + "labels are Chinese.")
    public RewardReports.Totals totals(
            @QueryParam("from") @Matches(regexp = Months.REGEX, message = "field.month.format") String from,
            @QueryParam("to") @Matches(regexp = Months.REGEX, message = "field.month.format") String to) {
        return reports.totals(from, to, caller.actor());
    }

    @GET
    @Path("/consistency")
    @RolesAllowed({Role.FINANCE_, Role.ADMIN_})
    @Operation(
            summary =
                    "Ledger consistency: the ledger entries against every reward's amount and state and every batch's totals",
            description = "consistent=false lists each mismatch (subject, id, check, expected, actual).")
    public RewardReports.Consistency consistency() {
        return reports.check(caller.actor());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.FINANCE_)
    @Operation(summary = "A reward with its ledger entries; the ETag-like version is in the body")
    public FinanceRewardViews.FinanceDetail get(@PathParam("id") long id) {
        return views.detail(id, caller.actor());
    }

    @POST
    @Path("/{id}/actions/approve")
    @RolesAllowed(Role.FINANCE_)
    @Operation(summary = "Approve an accrued reward (it needs a payee, a known amount and more than 0)")
    public FinanceRewardViews.FinanceReward approve(@PathParam("id") long id, @HeaderParam("If-Match") String ifMatch) {
        return finance.approve(id, version(ifMatch), caller.actor());
    }

    @POST
    @Path("/actions/approve")
    @RolesAllowed(Role.FINANCE_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Approve many rewards at once (ids, at most 200); idempotent",
            description =
                    "One transaction. Each id is approved, or counted approved if it already was; unknown ids and ids outside "
                            + "my regions are listed together under notFound; ids that cannot be approved (unclaimed, awaiting the fine, "
                            + "nothing to pay, cancelled) under refused with the problem code. Repeating the call changes nothing and "
                            + "answers the same. No ids, a null id or more than 200 is 422.")
    public FinanceRewards.ApprovedMany approveMany(@Valid FinanceRewards.ApproveMany body) {
        return finance.approveMany(body, caller.actor());
    }

    @POST
    @Path("/{id}/actions/change-channel")
    @RolesAllowed(Role.FINANCE_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change how a reward is paid (PHONE_CREDIT, WECHAT, BANK) before it is batched",
            description =
                    "Only while ACCRUED, APPROVED or FAILED (in a batch: 409 reward-in-batch; paid or cancelled: 409 "
                            + "reward-channel-fixed). Audited; the ledger is untouched. The same channel again changes nothing.")
    public FinanceRewardViews.FinanceReward changeChannel(
            @PathParam("id") long id, @Valid FinanceRewards.ChannelBody body, @HeaderParam("If-Match") String ifMatch) {
        return finance.changeChannel(id, body, version(ifMatch), caller.actor());
    }

    @POST
    @Path("/{id}/actions/cancel")
    @RolesAllowed(Role.FINANCE_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a reward before payment, with a reason (not while a batch holds it, never once paid)")
    public FinanceRewardViews.FinanceReward cancel(
            @PathParam("id") long id, @Valid ReasonBody body, @HeaderParam("If-Match") String ifMatch) {
        return finance.cancel(id, body, version(ifMatch), caller.actor());
    }

    @POST
    @Path("/{id}/actions/reverse-payment")
    @RolesAllowed(Role.FINANCE_)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Reverse a payment recorded by mistake, with a reason: the reward goes from PAID back to APPROVED",
            description =
                    "A REVERSAL ledger entry offsets the PAYMENT entry; the payout line becomes REVERSED; the reward may be paid "
                            + "in a later batch. Only for a PAID reward (else 409 reward-not-paid).")
    public FinanceRewardViews.FinanceReward reversePayment(
            @PathParam("id") long id, @Valid ReasonBody body, @HeaderParam("If-Match") String ifMatch) {
        return finance.reversePayment(id, body, version(ifMatch), caller.actor());
    }

    private static Long version(String ifMatch) {
        return Values.ifMatch(ifMatch);
    }
}
