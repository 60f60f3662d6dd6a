package cn.suishoupai.media;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import cn.suishoupai.common.Matches;
import cn.suishoupai.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Photo-first uploads: one photo per request, as a WeChat mini-program's wx.uploadFile sends it (docs/CLIENTS.md). */
@Path(UploadGate.PATH)
@Tag(name = "uploads", description = "photos uploaded one by one before the report that uses them")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {

    private final Uploads uploads;
    private final Caller caller;

    UploadResource(Uploads uploads, Caller caller) {
        this.uploads = uploads;
        this.caller = caller;
    }

    /** The form as documented: what wx.uploadFile sends with name 'file' (any other part name works the same). */
    @Schema(name = "UploadForm")
    public record UploadForm(
            @Schema(type = SchemaType.STRING, format = "binary", description = "the photo; exactly one file part")
            String file,

            @Schema(description = "optional: hex SHA-256 of the file, checked by the worker")
            String sha256) {}

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.RESIDENT_, Role.GRID_WORKER_})
    @Operation(
            summary = "Upload one photo (JPEG, PNG, WebP; ≤ 10 MB, ≤ 40 Mpx) for a later report",
            description = "Exactly one file part, under any name (wx.uploadFile's name; `file` is the usual one), "
                    + "plus optional form fields: `sha256` (hex SHA-256 of the file; processing fails the upload "
                    + "with CHECKSUM_MISMATCH when the stored bytes differ), anything else is ignored. Only cheap "
                    + "checks run before the answer (size, format by content, structure and declared pixel count: "
                    + "413/415/422 as for a report's photos); decoding, display copy, thumbnail, hashes and EXIF run "
                    + "on the worker pool. Answers 202 with status PROCESSING; poll GET /api/v1/uploads/{id} or just "
                    + "name the id in POST /api/v1/reports (photoIds). An unused upload expires (expiresAt, 24 h). "
                    + "429 upload-limit with Retry-After when the account holds 30 unused uploads; 503 uploads-busy "
                    + "with Retry-After when the service's processing backlog or its concurrent uploads are at their "
                    + "bound.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA,
                            schema = @Schema(implementation = UploadForm.class)))
    @APIResponse(
            responseCode = "202",
            description = "Stored and queued for processing; Location names the upload",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Uploads.View.class)))
    public Response upload(
            @Schema(hidden = true) @RestForm(FileUpload.ALL) List<FileUpload> files,
            @Schema(hidden = true) @RestForm @Matches(regexp = "[0-9a-fA-F]{64}", message = "field.sha256.format")
                    String sha256) {
        if (files == null || files.isEmpty()) {
            throw ApiException.invalidField("file", "field.upload.file-required");
        }
        if (files.size() > 1) {
            throw ApiException.invalidField("file", "field.upload.one-file");
        }
        FileUpload f = files.get(0);
        Uploads.View v = uploads.accept(caller.actor(), f.fileName(), f.uploadedFile(), sha256);
        return Response.accepted(v)
                .location(URI.create(UploadGate.PATH + "/" + v.id()))
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.RESIDENT_, Role.GRID_WORKER_})
    @Operation(
            summary = "One of my uploads: PROCESSING, READY (with links to the display copy and thumbnail) or FAILED "
                    + "(with the reason)",
            description = "Anyone else's upload, and one swept after it expired, is 404 upload-not-found.")
    public Uploads.View get(@PathParam("id") long id) {
        return uploads.view(caller.actor(), id);
    }
}
