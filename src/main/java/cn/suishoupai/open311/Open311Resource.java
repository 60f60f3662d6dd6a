package cn.suishoupai.open311;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Open311 GeoReport v2 (docs/OPEN311.md): the format is the path's suffix, {@code .xml} or {@code .json}. Reads are
 * public; filing a request needs a partner's {@code api_key}. Errors are the spec's {@code errors} list, in the
 * format asked (XML without a known suffix); those the framework answers are rewritten by {@link Open311Errors}.
 */
@Path("/open311/v2")
@Tag(name = "open311", description = "Open311 GeoReport v2 facade for partner systems (XML or JSON by suffix)")
@SecurityScheme(
        securitySchemeName = Open311Resource.API_KEY,
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.QUERY,
        apiKeyName = "api_key",
        description = "GeoReport v2's api_key, issued per partner system by an admin (/api/v1/admin/open311-keys). "
                + "Sent as the api_key field of the POST requests form body, as the spec says (OpenAPI has no "
                + "'form' location for a key); missing, unknown or revoked: 403. Each key has an hourly budget: 429.")
@PermitAll
public class Open311Resource {

    static final String API_KEY = "open311_api_key";

    private static final String FORMAT = "{format: [^/.]+}";

    private static final String JSON = "application/json";
    private static final String XML = "text/xml";
    private static final String FORMAT_DOC = "the answer's format: xml (the spec's default) or json";
    private static final String JURISDICTION_DOC =
            "a township's code (region.code); unknown: 404. Without it, every township";
    private static final String ERRORS_DOC = "errors: a list of {code, description}, code being the HTTP status";
    private static final String XML_ERRORS = "<errors><error><code>400</code><description>…</description></error>…";

    private final Open311Service service;
    private final Caller caller;
    private final ObjectMapper mapper;

    Open311Resource(Open311Service service, Caller caller, ObjectMapper mapper) {
        this.service = service;
        this.caller = caller;
        this.mapper = mapper;
    }

    @GET
    @Path("discovery." + FORMAT)
    @Operation(summary = "GeoReport v2 discovery: the endpoint, its specification and formats")
    @APIResponse(
            responseCode = "200",
            description = "discovery",
            content = {
                @Content(mediaType = JSON, schema = @Schema(implementation = GeoReportSchemas.Discovery.class)),
                @Content(
                        mediaType = XML,
                        schema = @Schema(type = SchemaType.STRING, description = "<discovery><changeset>…"))
            })
    @APIResponse(
            responseCode = "404",
            description = "unknown format: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    public Response discovery(
            @Parameter(description = FORMAT_DOC, schema = @Schema(enumeration = {"xml", "json"})) @PathParam("format")
                    String format,
            @Context UriInfo uri) {
        String base = uri.getBaseUriBuilder().path("open311/v2").build().toString();
        return answer(format, () -> service.discovery(base));
    }

    @GET
    @Path("services." + FORMAT)
    @Operation(summary = "GeoReport v2 services: one per active hazard category")
    @APIResponse(
            responseCode = "200",
            description = "services",
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Service.class)),
                @Content(
                        mediaType = XML,
                        schema = @Schema(type = SchemaType.STRING, description = "<services><service>…"))
            })
    @APIResponse(
            responseCode = "404",
            description = "unknown jurisdiction_id or format: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    public Response services(
            @Parameter(description = FORMAT_DOC, schema = @Schema(enumeration = {"xml", "json"})) @PathParam("format")
                    String format,
            @Parameter(description = JURISDICTION_DOC) @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> service.services(jurisdiction));
    }

    @GET
    @Path("services/{code: [^/]+}." + FORMAT)
    @Operation(summary = "GeoReport v2 service definition: the attributes a request of this service may carry")
    @APIResponse(
            responseCode = "200",
            description = "service definition",
            content = {
                @Content(mediaType = JSON, schema = @Schema(implementation = GeoReportSchemas.ServiceDefinition.class)),
                @Content(
                        mediaType = XML,
                        schema = @Schema(type = SchemaType.STRING, description = "<service_definition>…"))
            })
    @APIResponse(
            responseCode = "404",
            description = "unknown service_code, jurisdiction_id or format: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    public Response definition(
            @Parameter(description = "the service_code (a hazard category's code)") @PathParam("code") String code,
            @Parameter(description = FORMAT_DOC, schema = @Schema(enumeration = {"xml", "json"})) @PathParam("format")
                    String format,
            @Parameter(description = JURISDICTION_DOC) @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> service.definition(code, jurisdiction));
    }

    @POST
    @Path("requests." + FORMAT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @SecurityRequirement(name = API_KEY)
    @Operation(
            summary = "GeoReport v2 create request: files a report through the normal intake",
            description = "Routed, duplicate-checked and dispatched or queued exactly like a report from the app. "
                    + "lat/long (WGS-84), or an address_string naming a region of the jurisdiction (then placed at "
                    + "its representative point and queued for a dispatcher, APPROXIMATE_LOCATION). A refused "
                    + "request changes nothing.")
    @APIResponse(
            responseCode = "200",
            description = "service_request_id and service_notice",
            content = {
                @Content(
                        mediaType = JSON,
                        schema =
                                @Schema(
                                        type = SchemaType.ARRAY,
                                        implementation = GeoReportSchemas.RequestCreated.class)),
                @Content(
                        mediaType = XML,
                        schema =
                                @Schema(
                                        type = SchemaType.STRING,
                                        description = "<service_requests><request><service_request_id>…"))
            })
    @APIResponse(
            responseCode = "400",
            description =
                    "every bad field at once (also a method, body type or form the framework refuses): " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    @APIResponse(
            responseCode = "403",
            description = "api_key missing, unknown, revoked or not valid here: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    @APIResponse(
            responseCode = "404",
            description = "unknown jurisdiction_id or format: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    @APIResponse(
            responseCode = "429",
            description = "the api_key's hourly budget is spent: " + ERRORS_DOC,
            headers = @Header(name = "Retry-After", description = "seconds until the budget allows another request"),
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    public Response file(
            @Parameter(description = FORMAT_DOC, schema = @Schema(enumeration = {"xml", "json"})) @PathParam("format")
                    String format,
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                            schema = @Schema(implementation = GeoReportSchemas.CreateForm.class)))
                    MultivaluedMap<String, String> form) {
        String ip = caller.clientIp();
        return answer(format, () -> service.file(form == null ? Map.<String, List<String>>of() : form, ip));
    }

    @GET
    @Path("requests." + FORMAT)
    @Operation(
            summary = "GeoReport v2 get service requests: public fields only",
            description = "Newest first; start_date/end_date default to the last 90 days and may be at most 90 days "
                    + "apart. Every filter, status included, is applied before paging. service_request_id overrides "
                    + "the other filters (the spec's rule).")
    @APIResponse(
            responseCode = "200",
            description = "service requests",
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Request.class)),
                @Content(
                        mediaType = XML,
                        schema = @Schema(type = SchemaType.STRING, description = "<service_requests><request>…"))
            })
    @APIResponse(
            responseCode = "400",
            description = "every bad parameter at once: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    @APIResponse(
            responseCode = "404",
            description = "unknown jurisdiction_id or format: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    public Response requests(
            @Parameter(description = FORMAT_DOC, schema = @Schema(enumeration = {"xml", "json"})) @PathParam("format")
                    String format,
            @Parameter(description = JURISDICTION_DOC) @QueryParam("jurisdiction_id") String jurisdiction,
            @Parameter(
                            description = "comma-separated request ids, at most 200. As the spec says, they override "
                                    + "every other filter but jurisdiction_id: each listed request, however old and "
                                    + "whatever its state, on one page")
                    @QueryParam("service_request_id")
                    String ids,
            @Parameter(description = "only requests of this service (hazard category)") @QueryParam("service_code")
                    String serviceCode,
            @Parameter(
                            description = "requested at or after: W3C date-time with offset; default end_date minus "
                                    + "90 days")
                    @QueryParam("start_date")
                    String startDate,
            @Parameter(
                            description =
                                    "requested before: W3C date-time with offset; default now (or start_date + 90 "
                                            + "days)")
                    @QueryParam("end_date")
                    String endDate,
            @Parameter(description = "open, closed, or open,closed (the default: both)") @QueryParam("status")
                    String status,
            @Parameter(description = "page number from 1 (default 1)", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("page")
                    String page,
            @Parameter(
                            description = "requests per page (default 50, at most 200)",
                            schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("page_size")
                    String pageSize) {
        return answer(
                format,
                () -> service.list(new Open311Service.Query(
                        jurisdiction, ids, serviceCode, startDate, endDate, status, page, pageSize)));
    }

    @GET
    @Path("requests/{id: [^/]+}." + FORMAT)
    @Operation(summary = "GeoReport v2 get service request: public fields only")
    @APIResponse(
            responseCode = "200",
            description = "the request, in a list of one",
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Request.class)),
                @Content(
                        mediaType = XML,
                        schema = @Schema(type = SchemaType.STRING, description = "<service_requests><request>…"))
            })
    @APIResponse(
            responseCode = "404",
            description = "unknown service_request_id, jurisdiction_id or format: " + ERRORS_DOC,
            content = {
                @Content(
                        mediaType = JSON,
                        schema = @Schema(type = SchemaType.ARRAY, implementation = GeoReportSchemas.Error.class)),
                @Content(mediaType = XML, schema = @Schema(type = SchemaType.STRING, description = XML_ERRORS))
            })
    public Response request(
            @Parameter(description = "the service_request_id") @PathParam("id") String id,
            @Parameter(description = FORMAT_DOC, schema = @Schema(enumeration = {"xml", "json"})) @PathParam("format")
                    String format,
            @Parameter(description = JURISDICTION_DOC) @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> service.one(id, jurisdiction));
    }

    /**
     * Any other path under the base (no suffix, a misspelt resource, a path below a resource): 404 in the spec's
     * {@code errors} list, JSON for a {@code .json} suffix, else XML. Other methods on these paths are the framework's
     * 405, which {@link Open311Errors} answers as a 400 errors list.
     */
    @GET
    @Path("{unknown: .*}")
    @Operation(hidden = true)
    public Response unknownGet(@PathParam("unknown") String path) {
        return unknown(path);
    }

    @POST
    @Path("{unknown: .*}")
    @Operation(hidden = true)
    public Response unknownPost(@PathParam("unknown") String path) {
        return unknown(path);
    }

    /**
     * A form body whose percent-encoding cannot be decoded ({@code %zz}) fails while the framework reads it, before
     * the method runs: a client's mistake, so 400 in the spec's errors list (and no server error). Any other such
     * exception is left to the service's mappers (null: not handled here).
     */
    @ServerExceptionMapper
    public Response undecodableForm(IllegalArgumentException e, UriInfo uri) {
        if (e.getMessage() == null || !e.getMessage().startsWith("Failed to decode")) {
            return null;
        }
        return errors(
                Open311Errors.formatOfPath(uri.getPath()),
                Open311Problem.of(
                        400, "the body is not a valid application/x-www-form-urlencoded form (percent-encoding)"),
                mapper);
    }

    private Response unknown(String path) {
        return errors(
                Open311Errors.formatOfPath(path),
                Open311Problem.of(404, "no such resource: " + Open311Errors.BASE + "/" + path),
                mapper);
    }

    private Response answer(String suffix, Supplier<Open311Format.Doc> body) {
        Open311Format format = Open311Format.of(suffix);
        if (format == null) {
            return errors(
                    Open311Format.XML,
                    Open311Problem.of(404, "unknown format ." + suffix + ": use .xml or .json"),
                    mapper);
        }
        try {
            return format.response(200, body.get(), mapper);
        } catch (Open311Problem p) {
            return errors(format, p, mapper);
        } catch (ApiException e) {
            return errors(format, Open311Service.translate(e), mapper);
        }
    }

    /** The spec's errors list of {code, description} in this format, with the problem's status and headers. */
    static Response errors(Open311Format format, Open311Problem p, ObjectMapper mapper) {
        Response r = format.response(p.status, errorsDoc(p), mapper);
        p.headers.forEach((k, v) -> r.getHeaders().putSingle(k, v));
        return r;
    }

    /** The spec's errors list: {@code <errors><error><code/><description/></error>…}, in JSON an array. */
    static Open311Format.Doc errorsDoc(Open311Problem p) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Open311Problem.Error e : p.errors) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("code", e.code());
            item.put("description", e.description());
            items.add(item);
        }
        return new Open311Format.Doc("errors", new Open311Format.Many("error", items));
    }
}
