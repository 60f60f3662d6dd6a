package cn.suishoupai.open311;

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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Open311 GeoReport v2 (docs/OPEN311.md): the format is the path's suffix, {@code .xml} or {@code .json}. Reads are
 * public; filing a request needs a partner's {@code api_key}. Errors are the spec's {@code errors} list, in the
 * format asked (JSON for an unknown suffix).
 */
@Path("/open311/v2")
@Tag(name = "open311", description = "Open311 GeoReport v2 facade for partner systems (XML or JSON by suffix)")
@PermitAll
public class Open311Resource {

    private static final String FORMAT = "{format: [^/.]+}";

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
            content = {@Content(mediaType = "text/xml"), @Content(mediaType = "application/json")})
    public Response discovery(@PathParam("format") String format, @Context UriInfo uri) {
        String base = uri.getBaseUriBuilder().path("open311/v2").build().toString();
        return answer(format, () -> service.discovery(base));
    }

    @GET
    @Path("services." + FORMAT)
    @Operation(summary = "GeoReport v2 services: one per active hazard category")
    @APIResponse(
            responseCode = "200",
            description = "services",
            content = {@Content(mediaType = "text/xml"), @Content(mediaType = "application/json")})
    @APIResponse(responseCode = "404", description = "unknown jurisdiction_id")
    public Response services(
            @PathParam("format") String format,
            @Parameter(description = "a township's code") @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> service.services(jurisdiction));
    }

    @GET
    @Path("services/{code: [^/]+}." + FORMAT)
    @Operation(summary = "GeoReport v2 service definition: the attributes a request of this service may carry")
    @APIResponse(
            responseCode = "200",
            description = "service definition",
            content = {@Content(mediaType = "text/xml"), @Content(mediaType = "application/json")})
    @APIResponse(responseCode = "404", description = "unknown service_code or jurisdiction_id")
    public Response definition(
            @PathParam("code") String code,
            @PathParam("format") String format,
            @Parameter(description = "a township's code") @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> service.definition(code, jurisdiction));
    }

    @POST
    @Path("requests." + FORMAT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(
            summary = "GeoReport v2 create request: files a report through the normal intake",
            description = "Form fields: api_key, jurisdiction_id (a township's code), service_code, lat and long "
                    + "(WGS-84), address_string, attribute[severity], description, media_url (fetched and checked as "
                    + "an upload), account_id (a resident account, only for keys allowed to link residents), email, "
                    + "device_id, first_name, last_name, phone (accepted, never stored or shown).")
    @APIResponse(
            responseCode = "200",
            description = "service_request_id and service_notice",
            content = {@Content(mediaType = "text/xml"), @Content(mediaType = "application/json")})
    @APIResponse(responseCode = "400", description = "errors: every bad field")
    @APIResponse(responseCode = "403", description = "api_key missing, unknown, revoked or not valid here")
    @APIResponse(responseCode = "404", description = "unknown jurisdiction_id")
    @APIResponse(responseCode = "429", description = "the api_key's hourly budget is spent")
    public Response file(@PathParam("format") String format, MultivaluedMap<String, String> form) {
        String ip = caller.clientIp();
        return answer(format, () -> service.file(form == null ? Map.<String, List<String>>of() : form, ip));
    }

    @GET
    @Path("requests." + FORMAT)
    @Operation(
            summary = "GeoReport v2 get service requests: public fields only",
            description = "Newest first; start_date/end_date default to the last 90 days and may be at most 90 days "
                    + "apart.")
    @APIResponse(
            responseCode = "200",
            description = "service requests",
            content = {@Content(mediaType = "text/xml"), @Content(mediaType = "application/json")})
    @APIResponse(responseCode = "400", description = "errors: every bad parameter")
    @APIResponse(responseCode = "404", description = "unknown jurisdiction_id")
    public Response requests(
            @PathParam("format") String format,
            @Parameter(description = "a township's code") @QueryParam("jurisdiction_id") String jurisdiction,
            @Parameter(description = "comma-separated ids") @QueryParam("service_request_id") String ids,
            @QueryParam("service_code") String serviceCode,
            @Parameter(description = "W3C date-time with offset") @QueryParam("start_date") String startDate,
            @Parameter(description = "W3C date-time with offset") @QueryParam("end_date") String endDate,
            @Parameter(description = "open or closed") @QueryParam("status") String status,
            @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize) {
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
            content = {@Content(mediaType = "text/xml"), @Content(mediaType = "application/json")})
    @APIResponse(responseCode = "404", description = "unknown service_request_id or jurisdiction_id")
    public Response request(
            @PathParam("id") String id,
            @PathParam("format") String format,
            @Parameter(description = "a township's code") @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> service.one(id, jurisdiction));
    }

    private Response answer(String suffix, Supplier<Open311Format.Doc> body) {
        Open311Format format = Open311Format.of(suffix);
        if (format == null) {
            return errors(
                    Open311Format.JSON, Open311Problem.of(404, "unknown format ." + suffix + ": use .xml or .json"));
        }
        try {
            return format.response(200, body.get(), mapper);
        } catch (Open311Problem p) {
            return errors(format, p);
        } catch (cn.suishoupai.common.ApiException e) {
            return errors(format, Open311Service.translate(e));
        }
    }

    private Response errors(Open311Format format, Open311Problem p) {
        List<Map<String, Object>> items = p.errors.stream()
                .map(e -> Map.<String, Object>of("code", e.code(), "description", e.description()))
                .map(m -> {
                    var ordered = new java.util.LinkedHashMap<String, Object>();
                    ordered.put("code", m.get("code"));
                    ordered.put("description", m.get("description"));
                    return (Map<String, Object>) ordered;
                })
                .toList();
        Response r = format.response(
                p.status, new Open311Format.Doc("errors", new Open311Format.Many("error", items)), mapper);
        p.headers.forEach((k, v) -> r.getHeaders().putSingle(k, v));
        return r;
    }
}
