package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Hashes;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Role;
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
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Payout batches (结算批次), finance only, within its regions: build, export once, download the
 * files (full phone numbers, audited), record results by API or the provider's result file.
 */
@Path("/api/v1/payout-batches")
@Tag(name = "payout-batches", description = "Reward settlement: payout batches, exports and results (finance)")
@SecurityRequirement(name = "jwt")
@RolesAllowed(Role.FINANCE_)
@Produces(MediaType.APPLICATION_JSON)
public class PayoutBatchResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final PayoutBatches batches;
    private final PayoutViews views;
    private final Caller caller;
    private final Idempotency idempotency;

    PayoutBatchResource(PayoutBatches batches, PayoutViews views, Caller caller, Idempotency idempotency) {
        this.batches = batches;
        this.views = views;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Build a batch from approved (and, unless includeFailed=false, earlier failed) rewards",
            description = "regionId (in my regions) is required; month (accrual month YYYY-MM) and channel filter. "
                    + "No reward to pay is 422. Honours Idempotency-Key.")
    public Response build(@Valid PayoutBatches.BuildBody body, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.created(
                caller.accountId(),
                key,
                "payout-batch.build",
                body,
                "/api/v1/payout-batches",
                () -> batches.build(body, caller.actor()),
                d -> d.batch().id());
    }

    @GET
    public Page<PayoutViews.BatchView> list(
            @QueryParam("state") PayoutBatch.State state,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return views.list(state, page, size, caller.actor());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A batch with its lines (payee phone masked)")
    public PayoutViews.BatchDetail get(@PathParam("id") long id) {
        return views.get(id, caller.actor());
    }

    @POST
    @Path("/{id}/actions/export")
    @Operation(
            summary = "Export the batch (OPEN → EXPORTED), once; then download export.csv / export.xlsx",
            description =
                    "A second export is 409; a retried request with the same Idempotency-Key gets the first answer.")
    public Response export(@PathParam("id") long id, @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.once(
                caller.accountId(),
                key,
                "payout-batch.export",
                Map.of("batchId", id),
                () -> Response.ok(batches.export(id, caller.actor())).build());
    }

    @POST
    @Path("/{id}/actions/discard")
    @Operation(summary = "Discard a batch not yet exported; its rewards return to where they were")
    public PayoutViews.BatchView discard(@PathParam("id") long id) {
        return batches.discard(id, caller.actor());
    }

    @GET
    @Path("/{id}/export.csv")
    @Produces("text/csv")
    @Operation(
            summary =
                    "The exported batch as CSV (UTF-8 with BOM): full phone numbers for the top-up; each download is audited")
    public Response csv(@PathParam("id") long id) {
        byte[] file = PayoutFiles.csv(id, views.download(id, "csv", caller.actor()));
        return Response.ok(file, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"payout-batch-" + id + ".csv\"")
                .build();
    }

    @GET
    @Path("/{id}/export.xlsx")
    @Produces(XLSX)
    @Operation(summary = "The exported batch as XLSX: full phone numbers for the top-up; each download is audited")
    public Response xlsx(@PathParam("id") long id) {
        byte[] file = PayoutFiles.xlsx(id, views.download(id, "xlsx", caller.actor()));
        return Response.ok(file, XLSX)
                .header("Content-Disposition", "attachment; filename=\"payout-batch-" + id + ".xlsx\"")
                .build();
    }

    @POST
    @Path("/{id}/results")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Record line results: PAID with externalRef, FAILED with reason; all or nothing",
            description =
                    "A line already holding the same result is left alone; another result for it is 409. Honours Idempotency-Key.")
    public Response results(
            @PathParam("id") long id,
            @Valid PayoutBatches.ResultsBody body,
            @HeaderParam(Idempotency.HEADER) String key) {
        return idempotency.once(
                caller.accountId(),
                key,
                "payout-batch.results:" + id,
                body,
                () -> Response.ok(batches.record(id, body, caller.actor())).build());
    }

    @POST
    @Path("/{id}/results/file")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Record line results from the provider's CSV file (form field file)",
            description =
                    "Header row with reward_id, status (PAID|FAILED, also SUCCESS/FAIL/成功/失败), external_ref, reason; "
                            + "UTF-8, BOM allowed. Same rules as /results. Honours Idempotency-Key.")
    public Response resultsFile(
            @PathParam("id") long id, @RestForm("file") FileUpload file, @HeaderParam(Idempotency.HEADER) String key) {
        if (file == null) {
            throw ApiException.invalidField("file", "field.required");
        }
        PayoutBatches.ResultsBody body;
        String hash;
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            body = new PayoutBatches.ResultsBody(PayoutFiles.results(in));
            hash = Hashes.sha256(file.uploadedFile());
        } catch (IOException e) {
            throw ApiException.invalidField("file", "field.result-file.malformed");
        }
        PayoutBatches.ResultsBody parsed = body;
        return idempotency.once(
                caller.accountId(),
                key,
                "payout-batch.results-file:" + id,
                Map.of("sha256", hash),
                () -> Response.ok(batches.record(id, parsed, caller.actor())).build());
    }
}
