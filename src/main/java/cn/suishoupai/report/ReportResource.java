package cn.suishoupai.report;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.DecimalRange;
import cn.suishoupai.common.FreeText;
import cn.suishoupai.common.Hashes;
import cn.suishoupai.common.Idempotency;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Required;
import cn.suishoupai.common.ResponseCrs;
import cn.suishoupai.common.Role;
import cn.suishoupai.common.Texts;
import cn.suishoupai.media.PhotoStore;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Residents (and grid workers) submit reports and follow their own. */
@Path("/api/v1/reports")
@Tag(name = "reports", description = "随手拍 reports from residents")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    public static final String CLAIM_HEADER = "X-Claim-Code";

    private final ReportIntake intake;
    private final ReportViews views;
    private final Idempotency idempotency;
    private final Caller caller;
    private final ResponseCrs responseCrs;

    ReportResource(
            ReportIntake intake, ReportViews views, Idempotency idempotency, Caller caller, ResponseCrs responseCrs) {
        this.intake = intake;
        this.views = views;
        this.idempotency = idempotency;
        this.caller = caller;
        this.responseCrs = responseCrs;
    }

    /** One operation in the OpenAPI document for both bodies: the JSON and the multipart submission share it. */
    static final String SUBMIT_SUMMARY =
            "Submit a report: JSON with photoIds of uploaded photos (the mini-program's way), or multipart with 1-9 "
                    + "photos (JPEG, PNG, WebP; ≤ 10 MB each); and a location";

    static final String SUBMIT_DESCRIPTION = "lat/lng are in the coordinate system named by crs (WGS84 from GPS, "
            + "GCJ02 from WeChat's wx.getLocation, BD09 from Baidu); they are stored as WGS-84. "
            + "JSON (application/json, ReportFromUploadsBody): photoIds names 1-9 photos uploaded before with POST "
            + "/api/v1/uploads, in photo order, none twice, each the caller's own, unused and unexpired, else 422 "
            + "invalid-field photoIds (an id that is someone else's is answered exactly like one that does not exist: "
            + "field.photo-ids.unknown) and nothing is created; accuracyM is the device's location accuracy in metres "
            + "(0-10000). It answers at once: when every photo is processed already as below, otherwise "
            + "PHOTOS_PROCESSING, and the report is routed and dispatched or queued as soon as the last photo is done "
            + "(poll GET /api/v1/reports/{id}); a photo that turns out undecodable is dropped (PHOTO_DROPPED in the "
            + "timeline, a notice to the reporter), with none left the report is queued with NO_USABLE_PHOTO. "
            + "Multipart (multipart/form-data): the photos are processed inside the request. "
            + "Answers 201 with the report's status: ACCEPTED when a ticket was dispatched at once, SUBMITTED when a "
            + "dispatcher must look (reviewReasons). An anonymous report's claimCode is returned only here (and to a "
            + "retry with the same Idempotency-Key from the same account; that record is stored without the account "
            + "and encrypted under the key). Honours Idempotency-Key. docs/CLIENTS.md describes the client's side.";

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.RESIDENT_, Role.GRID_WORKER_})
    @Operation(summary = SUBMIT_SUMMARY, description = SUBMIT_DESCRIPTION)
    @APIResponse(
            responseCode = "201",
            description = "Recorded (and, unless PHOTOS_PROCESSING, routed); Location names the report",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReportIntake.Submitted.class)))
    public Response submit(
            @RestForm("photos") List<FileUpload> photos,
            @RestForm String lat,
            @RestForm String lng,
            @RestForm String crs,
            @RestForm String accuracy,
            @RestForm String address,
            @RestForm String description,
            @RestForm String category,
            @RestForm String anonymous,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        List<FileUpload> files = photos == null ? List.of() : photos;
        ReportInput.Form form =
                new ReportInput.Form(lat, lng, crs, accuracy, address, description, category, anonymous);
        List<PhotoStore.Upload> uploads = files.stream()
                .map(f -> new PhotoStore.Upload(f.fileName(), f.uploadedFile()))
                .toList();
        String role = caller.hasRole(Role.RESIDENT_) ? Role.RESIDENT_ : Role.GRID_WORKER_;
        ReportIntake.Submitter who = new ReportIntake.Submitter(caller.accountId(), role, caller.clientIp());
        Object fingerprint = idempotencyKey == null ? null : fingerprint(form, files);
        // an anonymous submission's record must not tie the account to the report (nor hold its claim code in clear)
        return idempotency.created(
                caller.accountId(),
                form.mayBeAnonymous(),
                idempotencyKey,
                "report.submit",
                fingerprint,
                "/api/v1/reports",
                () -> intake.submit(who, form, uploads),
                ReportIntake.Submitted::id);
    }

    /** A report of photos uploaded before (POST /api/v1/uploads): the JSON form of the multipart submission. */
    @Schema(name = "ReportFromUploadsBody")
    public record UploadsBody(
            @Schema(
                    description = "1-9 ids of the caller's own unused, unexpired uploads (POST /api/v1/uploads), "
                            + "in photo order; none twice",
                    minItems = 1,
                    maxItems = 9)
            List<Long> photoIds,

            @Required @DecimalRange(min = -90, max = 90, message = "field.lat.range")
            Double lat,

            @Required @DecimalRange(min = -180, max = 180, message = "field.lng.range")
            Double lng,

            @Schema(description = "the system lat/lng are in: GCJ02 from wx.getLocation / wx.chooseLocation") @Required
            Crs crs,

            @Schema(description = "the device's location accuracy in metres (wx.getLocation's accuracy), 0-10000")
            @DecimalRange(min = 0, max = 10_000, message = "field.accuracy-m.range")
            Double accuracyM,

            @FreeText(max = ReportInput.ADDRESS_MAX, message = "field.address.length")
            String address,

            @FreeText(max = ReportInput.DESCRIPTION_MAX, message = "field.description.length")
            String description,

            @FreeText(max = 64, message = "field.category.length")
            String category,

            Boolean anonymous) {

        ReportInput input() {
            return new ReportInput(
                    lat,
                    lng,
                    crs,
                    accuracyM,
                    Texts.trimmed(address),
                    Texts.trimmed(description),
                    Texts.trimmed(category),
                    Boolean.TRUE.equals(anonymous));
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.RESIDENT_, Role.GRID_WORKER_})
    @Operation(summary = SUBMIT_SUMMARY, description = SUBMIT_DESCRIPTION)
    @APIResponse(
            responseCode = "201",
            description = "Recorded (and, unless PHOTOS_PROCESSING, routed); Location names the report",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReportIntake.Submitted.class)))
    public Response submitUploads(@Valid UploadsBody body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        if (body == null) {
            throw ApiException.invalidField("photoIds", "field.required");
        }
        String role = caller.hasRole(Role.RESIDENT_) ? Role.RESIDENT_ : Role.GRID_WORKER_;
        ReportIntake.Submitter who = new ReportIntake.Submitter(caller.accountId(), role, caller.clientIp());
        boolean anonymous = Boolean.TRUE.equals(body.anonymous());
        return idempotency.created(
                caller.accountId(),
                anonymous,
                idempotencyKey,
                "report.submit-uploads",
                body,
                "/api/v1/reports",
                () -> intake.submitUploads(who, body.input(), body.photoIds()),
                ReportIntake.Submitted::id);
    }

    @GET
    @Path("/mine")
    @RolesAllowed({Role.RESIDENT_, Role.GRID_WORKER_})
    @Operation(
            summary = "My reports, newest first (anonymous ones are reached with their claim code instead)",
            description = "Each report's lat/lng are in the system it was submitted in (crs says which), unless "
                    + "Accept-Crs or crs asks for another.")
    public Page<ReportViews.Summary> mine(
            @QueryParam("status") Status status,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return views.mine(
                caller.accountId(), status, page, size, responseCrs.asked().orElse(null));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.RESIDENT_, Role.GRID_WORKER_})
    @Operation(
            summary = "One of my reports: status, timeline, photos (short-lived URLs), after-photos once closed",
            description =
                    "An anonymous report is readable by whoever presents its claim code in the X-Claim-Code header. "
                            + "Wrong codes are counted per account and all attempts per code: past the limit 429 claim-rate-limited with Retry-After. "
                            + "lat/lng are in the system the report was submitted in (crs says which), unless Accept-Crs or crs asks for another.")
    public ReportViews.Detail get(@PathParam("id") long id, @HeaderParam(CLAIM_HEADER) String claimCode) {
        return views.forReporter(
                id, caller.accountId(), claimCode, responseCrs.asked().orElse(null));
    }

    /** What makes two submissions "the same request": every field and the bytes of every photo, in order. */
    private static Map<String, Object> fingerprint(ReportInput.Form form, List<FileUpload> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("form", form);
        List<String> digests = new ArrayList<>(files.size());
        for (FileUpload f : files) {
            digests.add(Hashes.sha256(f.uploadedFile()) + ":" + f.fileName());
        }
        m.put("photos", digests);
        return m;
    }
}
