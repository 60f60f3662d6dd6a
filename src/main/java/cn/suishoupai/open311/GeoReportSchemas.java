package cn.suishoupai.open311;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The GeoReport v2 answers and the POST form as the OpenAPI document shows them (docs/OPEN311.md). Documentation
 * only: the answers are built by {@link Open311Service} as element trees and rendered by {@link Open311Format}; the
 * tests check them against JSON Schemas written from the spec. The XML answer has the same fields as elements under
 * the root named in each operation. Coordinates are always WGS-84 ({@code lat}, {@code long}): the spec fixes them.
 */
final class GeoReportSchemas {

    private GeoReportSchemas() {}

    @Schema(name = "GeoReportDiscovery", description = "GET discovery: where the endpoint is and what it speaks")
    record Discovery(
            @Schema(required = true, description = "when the service's definition last changed")
            OffsetDateTime changeset,

            @Schema(required = true) String contact,

            @Schema(required = true, description = "how to obtain an api_key")
            String key_service,

            @Schema(required = true) List<Endpoint> endpoints) {}

    @Schema(name = "GeoReportEndpoint")
    record Endpoint(
            @Schema(required = true, example = "http://wiki.open311.org/GeoReport_v2")
            String specification,

            @Schema(required = true, description = "the base URL, /open311/v2")
            String url,

            @Schema(required = true) OffsetDateTime changeset,

            @Schema(
                    required = true,
                    enumeration = {"production", "test"})
            String type,

            @Schema(required = true, description = "text/xml and application/json")
            List<String> formats) {}

    @Schema(name = "GeoReportService", description = "One service per active hazard category")
    record Service(
            @Schema(required = true, description = "the hazard category's code")
            String service_code,

            @Schema(required = true, description = "the category's Chinese name")
            String service_name,

            @Schema(required = true, nullable = true) String description,

            @Schema(required = true, description = "true: GET services/{code} has attributes")
            boolean metadata,

            @Schema(
                    required = true,
                    enumeration = {"realtime", "batch", "blackbox"})
            String type,

            @Schema(required = true, nullable = true, description = "comma-separated: code, Chinese and English name")
            String keywords,

            @Schema(required = true, nullable = true, example = "hazard")
            String group) {}

    @Schema(
            name = "GeoReportServiceDefinition",
            description = "GET services/{code}: the attributes a request may carry")
    record ServiceDefinition(
            @Schema(required = true) String service_code,
            @Schema(required = true) List<Attribute> attributes) {}

    @Schema(name = "GeoReportAttribute", description = "An attribute, sent as attribute[code]=value")
    record Attribute(
            @Schema(required = true, description = "true: the client supplies it")
            boolean variable,

            @Schema(required = true, example = "severity") String code,

            @Schema(
                    required = true,
                    enumeration = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"})
            String datatype,

            @Schema(required = true) boolean required,
            @Schema(nullable = true) String datatype_description,
            @Schema(required = true) int order,
            @Schema(required = true) String description,

            @Schema(description = "the keys allowed for a list datatype")
            List<AttributeValue> values) {}

    @Schema(name = "GeoReportAttributeValue")
    record AttributeValue(
            @Schema(required = true, example = "MAJOR") String key,
            @Schema(required = true) String name) {}

    @Schema(name = "GeoReportRequest", description = "A service request as the public sees it: never the reporter")
    record Request(
            @Schema(required = true, description = "the report's id")
            String service_request_id,

            @Schema(
                    required = true,
                    enumeration = {"open", "closed"})
            String status,

            @Schema(nullable = true, description = "the resident's status label, with a refusal's reason")
            String status_notes,

            @Schema(nullable = true) String service_name,
            @Schema(nullable = true) String service_code,

            @Schema(nullable = true, description = "as reported, phone and ID-card numbers masked")
            String description,

            @Schema(nullable = true, description = "the ticket's lead unit")
            String agency_responsible,

            @Schema(nullable = true) String service_notice,
            @Schema(required = true) OffsetDateTime requested_datetime,
            @Schema(nullable = true) OffsetDateTime updated_datetime,

            @Schema(nullable = true, description = "the ticket's current deadline while it is open")
            OffsetDateTime expected_datetime,

            @Schema(nullable = true, description = "as reported, masked like description")
            String address,

            @Schema(nullable = true) String address_id,
            @Schema(nullable = true) String zipcode,

            @Schema(required = true, description = "WGS-84 latitude")
            double lat,

            @Schema(name = "long", required = true, description = "WGS-84 longitude")
            double lng,

            @Schema(nullable = true, description = "a short-lived presigned link to the first photo")
            String media_url) {}

    @Schema(name = "GeoReportRequestCreated", description = "POST requests: the new request's id and what happens next")
    record RequestCreated(
            @Schema(required = true) String service_request_id,

            @Schema(required = true, nullable = true, description = "已受理 and dispatched, or 已提交 and waiting")
            String service_notice,

            @Schema(nullable = true, description = "always empty: the caller's account is not shown")
            String account_id) {}

    @Schema(name = "GeoReportError", description = "One error of the errors list; code is the HTTP status")
    record Error(
            @Schema(required = true, example = "400") int code,

            @Schema(required = true, example = "service_code: required")
            String description) {}

    @Schema(
            name = "GeoReportCreateForm",
            description =
                    "POST requests, application/x-www-form-urlencoded (UTF-8). Any other field, or a field twice, "
                            + "is 400; every bad field is listed at once")
    record CreateForm(
            @Schema(required = true, description = "the partner's key (403 when missing, unknown or revoked)")
            String api_key,

            @Schema(description = "a township's code, one of the key's (another: 403; unknown: 404)")
            String jurisdiction_id,

            @Schema(required = true, description = "an active hazard category's code (GET services)")
            String service_code,

            @Schema(
                    type = SchemaType.NUMBER,
                    minimum = "-90",
                    maximum = "90",
                    description = "WGS-84 latitude; with long, or leave both out and send address_string")
            String lat,

            @Schema(
                    name = "long",
                    type = SchemaType.NUMBER,
                    minimum = "-180",
                    maximum = "180",
                    description = "WGS-84 longitude")
            String lng,

            @Schema(
                    maxLength = 300,
                    description = "kept on the report; without lat/long it must name a township, "
                            + "village/community (zone) or grid of the jurisdiction: the request is placed at "
                            + "that region's representative point and waits for a dispatcher "
                            + "(APPROXIMATE_LOCATION); naming nothing, or several regions of one level, is 400")
            String address_string,

            @Schema(description = "accepted and ignored") String address_id,
            @Schema(maxLength = 1000) String description,

            @Schema(
                    maxLength = 2000,
                    description = "one photo, fetched by the service (http/https, public addresses only, no "
                            + "redirects, size/type/pixel checks as an upload)")
            String media_url,

            @Schema(
                    name = "attribute[severity]",
                    enumeration = {"GENERAL", "MAJOR"},
                    description =
                            "the ticket's severity when dispatched at once; the category's default " + "otherwise")
            String severity,

            @Schema(description = "a resident account to link, only for keys allowed to link residents")
            String account_id,

            @Schema(maxLength = 200, description = "accepted, never stored or shown")
            String email,

            @Schema(maxLength = 200, description = "accepted, never stored or shown")
            String device_id,

            @Schema(maxLength = 200, description = "accepted, never stored or shown")
            String first_name,

            @Schema(maxLength = 200, description = "accepted, never stored or shown")
            String last_name,

            @Schema(maxLength = 200, description = "accepted, never stored or shown")
            String phone) {}
}
