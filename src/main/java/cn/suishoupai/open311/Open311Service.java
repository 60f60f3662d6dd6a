package cn.suishoupai.open311;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Messages;
import cn.suishoupai.common.Page;
import cn.suishoupai.common.Texts;
import cn.suishoupai.common.Values;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.media.PhotoStore;
import cn.suishoupai.open311.Open311Format.Doc;
import cn.suishoupai.open311.Open311Format.Many;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.Severity;
import cn.suishoupai.report.OpenRequests;
import cn.suishoupai.report.ReportInput;
import cn.suishoupai.report.ReportIntake;
import cn.suishoupai.routing.RoutingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GeoReport v2 over the service's own intake and views (docs/OPEN311.md). Builds each answer as the spec's element
 * tree ({@link Open311Format}) and refuses with {@link Open311Problem}: 404 for an unknown jurisdiction or resource,
 * 403 for a missing, unknown or revoked key (or a point outside its townships), 400 for everything else, listing every
 * bad field at once. Checked before anything changes.
 */
@ApplicationScoped
public class Open311Service {

    /** How far back and how wide a request list may look (GeoReport v2's customary 90 days). */
    static final Duration WINDOW = Duration.ofDays(90);

    static final String SEVERITY = "severity";

    /** The form fields a POST may carry besides attribute[...]; contact fields are accepted and never stored. */
    static final Set<String> POST_FIELDS = Set.of(
            "api_key",
            "jurisdiction_id",
            "service_code",
            "lat",
            "long",
            "address_string",
            "address_id",
            "description",
            "media_url",
            "account_id",
            "email",
            "device_id",
            "first_name",
            "last_name",
            "phone");

    private final RegionNames regionNames;
    private final OpenRequests requests;
    private final ReportIntake intake;
    private final Open311Keys keys;
    private final MediaFetcher media;
    private final RoutingService routing;
    private final AccountFacts accounts;
    private final Open311Config config;
    private final Clock clock;

    Open311Service(
            RegionNames regionNames,
            OpenRequests requests,
            ReportIntake intake,
            Open311Keys keys,
            MediaFetcher media,
            RoutingService routing,
            AccountFacts accounts,
            Open311Config config,
            Clock clock) {
        this.regionNames = regionNames;
        this.requests = requests;
        this.intake = intake;
        this.keys = keys;
        this.media = media;
        this.routing = routing;
        this.accounts = accounts;
        this.config = config;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ discovery and services

    Doc discovery(String baseUrl) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("changeset", Instant.parse("2026-12-02T00:00:00Z"));
        d.put("contact", "12345 / the township's emergency management office (应急管理办公室)");
        d.put("key_service", "API keys are issued per client system by an administrator of this service");
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("specification", "http://wiki.open311.org/GeoReport_v2");
        endpoint.put("url", baseUrl);
        endpoint.put("changeset", Instant.parse("2026-12-02T00:00:00Z"));
        endpoint.put("type", "production");
        endpoint.put("formats", new Many("format", List.of("text/xml", "application/json")));
        d.put("endpoints", new Many("endpoint", List.of(endpoint)));
        return new Doc("discovery", d);
    }

    @Transactional
    Doc services(String jurisdiction) {
        jurisdiction(jurisdiction);
        List<Map<String, Object>> out = new ArrayList<>();
        for (RegionNames.ActiveCategory c : regionNames.activeCategories()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("service_code", c.code());
            s.put("service_name", c.nameZh());
            s.put("description", c.nameZh() + " (" + c.nameEn() + "): a safety hazard of this category");
            s.put("metadata", true);
            s.put("type", "realtime");
            s.put("keywords", String.join(",", c.code(), c.nameZh(), c.nameEn()));
            s.put("group", "hazard");
            out.add(s);
        }
        return new Doc("services", new Many("service", out));
    }

    @Transactional
    Doc definition(String code, String jurisdiction) {
        jurisdiction(jurisdiction);
        RegionNames.ActiveCategory c = category(code);
        if (c == null) {
            throw Open311Problem.of(404, "service_code " + code + " not found");
        }
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("variable", true);
        attribute.put("code", SEVERITY);
        attribute.put("datatype", "singlevaluelist");
        attribute.put("required", false);
        attribute.put(
                "datatype_description", "How grave the hazard is; the category's default is " + c.defaultSeverity());
        attribute.put("order", 1);
        attribute.put("description", "Severity (严重程度)");
        List<Map<String, Object>> values = new ArrayList<>();
        for (Severity s : Severity.values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("key", s.name());
            v.put("name", s == Severity.MAJOR ? "重大 (major)" : "一般 (general)");
            values.add(v);
        }
        attribute.put("values", new Many("value", values));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("service_code", c.code());
        d.put("attributes", new Many("attribute", List.of(attribute)));
        return new Doc("service_definition", d);
    }

    private RegionNames.ActiveCategory category(String code) {
        return regionNames.activeCategories().stream()
                .filter(c -> c.code().equals(code))
                .findFirst()
                .orElse(null);
    }

    /** The township a jurisdiction_id names, null when none is given; 404 for an unknown one. */
    private Long jurisdiction(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        Long id = code.length() > 64 ? null : regionNames.townshipId(code.strip());
        if (id == null) {
            throw Open311Problem.of(404, "jurisdiction_id " + code + " not found");
        }
        return id;
    }

    // ------------------------------------------------------------------ reading requests

    @Transactional
    Doc one(String rawId, String jurisdiction) {
        Long township = jurisdiction(jurisdiction);
        Long id = rawId == null || rawId.length() > 18 ? null : Values.id(rawId);
        OpenRequests.PublicRequest r = id == null ? null : requests.one(id);
        if (r == null || (township != null && r.townshipId() != township)) {
            throw Open311Problem.of(404, "service_request_id " + rawId + " not found");
        }
        return new Doc("service_requests", new Many("request", List.of(request(r))));
    }

    /** Query parameters of GET requests. */
    record Query(
            String jurisdiction,
            String ids,
            String serviceCode,
            String startDate,
            String endDate,
            String status,
            String page,
            String pageSize) {}

    @Transactional
    Doc list(Query q) {
        Long township = jurisdiction(q.jurisdiction());
        List<String> errors = new ArrayList<>();
        Set<Long> ids = new LinkedHashSet<>();
        if (q.ids() != null && !q.ids().isBlank()) {
            String[] parts = q.ids().split(",");
            if (parts.length > 200) {
                errors.add("service_request_id: at most 200 ids");
            }
            for (String p : parts) {
                Long id = Values.id(p.strip());
                if (id == null) {
                    errors.add("service_request_id: " + p.strip() + " is not an id");
                    break;
                }
                ids.add(id);
            }
        }
        Long categoryId = null;
        if (q.serviceCode() != null && !q.serviceCode().isBlank()) {
            categoryId = q.serviceCode().length() > 64 ? null : regionNames.categoryId(q.serviceCode());
            if (categoryId == null) {
                errors.add("service_code: " + q.serviceCode() + " is not a service");
            }
        }
        Instant start = time("start_date", q.startDate(), errors);
        Instant end = time("end_date", q.endDate(), errors);
        Boolean open = null;
        if (q.status() != null && !q.status().isBlank()) {
            Set<Boolean> wanted = new LinkedHashSet<>();
            for (String s : q.status().split(",")) {
                switch (s.strip()) {
                    case "open" -> wanted.add(true);
                    case "closed" -> wanted.add(false);
                    default -> errors.add("status: must be open or closed");
                }
            }
            open = wanted.size() == 1 ? wanted.iterator().next() : null;
        }
        int page = intParam("page", q.page(), 1, Values.MAX_PAGE, 1, errors);
        int size = intParam("page_size", q.pageSize(), 1, config.maxPageSize(), config.defaultPageSize(), errors);
        // GeoReport v2: service_request_id "overrides all other arguments" — every listed request of the jurisdiction,
        // however old, whatever its state or service, on one page (at most 200 ids). The others are still checked.
        boolean byIds = !ids.isEmpty();
        if (errors.isEmpty() && !byIds) {
            Instant now = clock.instant();
            if (end == null) {
                end = start == null ? now : start.plus(WINDOW);
            }
            if (start == null) {
                start = end.minus(WINDOW);
            }
            if (!start.isBefore(end)) {
                errors.add("start_date must be before end_date");
            } else if (Duration.between(start, end).compareTo(WINDOW) > 0) {
                errors.add("start_date and end_date may be at most 90 days apart");
            }
        }
        if (!errors.isEmpty()) {
            throw new Open311Problem(400, errors);
        }
        Set<Long> townships = township != null ? Set.of(township) : allTownships();
        OpenRequests.Filter filter = byIds
                ? new OpenRequests.Filter(townships, null, null, null, ids, null)
                : new OpenRequests.Filter(townships, start, end, categoryId, ids, open);
        if (byIds) {
            page = 1;
            size = ids.size();
        }
        Page<OpenRequests.PublicRequest> found =
                townships.isEmpty() ? new Page<>(List.of(), 0, page, size) : requests.list(filter, page, size);
        return new Doc(
                "service_requests",
                new Many("request", found.items().stream().map(this::request).toList()));
    }

    private Set<Long> allTownships() {
        return regionNames.townshipIds();
    }

    private static Instant time(String name, String raw, List<String> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant t = Values.instant(raw.strip());
        if (t == null || !Values.inWindow(t)) {
            errors.add(name + ": must be a W3C date-time with an offset, such as 2026-10-08T09:00:00+08:00");
        }
        return t;
    }

    private static int intParam(String name, String raw, int min, int max, int dflt, List<String> errors) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        Long v = Values.integer(raw.strip(), min, max);
        if (v == null) {
            errors.add(name + ": must be a whole number from " + min + " to " + max);
            return dflt;
        }
        return v.intValue();
    }

    private Map<String, Object> request(OpenRequests.PublicRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", String.valueOf(r.id()));
        m.put("status", r.open() ? "open" : "closed");
        m.put("status_notes", r.statusNotes());
        m.put("service_name", r.categoryName());
        m.put("service_code", r.categoryCode());
        m.put("description", r.description());
        m.put("agency_responsible", r.leadUnit());
        m.put("service_notice", null);
        m.put("requested_datetime", r.requestedAt());
        m.put("updated_datetime", r.updatedAt());
        m.put("expected_datetime", r.expectedAt());
        m.put("address", r.address());
        m.put("address_id", null);
        m.put("zipcode", null);
        m.put("lat", r.lat());
        m.put("long", r.lng());
        m.put("media_url", r.mediaUrl());
        return m;
    }

    // ------------------------------------------------------------------ filing a request

    /** POST requests: key (403), jurisdiction (404), fields (400, all of them), then the photo, then the intake. */
    Doc file(Map<String, List<String>> form, String clientIp) {
        String key = first(form, "api_key");
        Open311Keys.Client client = keys.authenticate(key);
        if (client == null) {
            throw Open311Problem.of(403, "api_key is missing, unknown or revoked");
        }
        Long township = QuarkusTx.call(() -> jurisdiction(first(form, "jurisdiction_id")));
        if (township != null && !client.townshipIds().contains(township)) {
            throw Open311Problem.of(403, "api_key is not valid for jurisdiction_id " + first(form, "jurisdiction_id"));
        }
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            String name = e.getKey();
            if (!POST_FIELDS.contains(name) && !name.matches("attribute\\[[a-z_]{1,32}]")) {
                errors.add(name + ": not a field of this service");
            } else if (e.getValue().size() > 1) {
                errors.add(name + ": given more than once");
            }
        }
        String code = first(form, "service_code");
        RegionNames.ActiveCategory category = null;
        if (code == null || code.isBlank()) {
            errors.add("service_code: required");
        } else {
            category = code.length() > 64 ? null : QuarkusTx.call(() -> category(code.strip()));
            if (category == null) {
                errors.add("service_code: " + code + " is not a service");
            }
        }
        Set<Long> allowed = township != null ? Set.of(township) : client.townshipIds();
        String rawLat = first(form, "lat");
        String rawLng = first(form, "long");
        String address = first(form, "address_string");
        Double lat = null;
        Double lng = null;
        boolean hasPoint = present(rawLat) || present(rawLng);
        if (hasPoint) {
            lat = present(rawLat) ? Values.coordinate(rawLat) : null;
            lng = present(rawLng) ? Values.coordinate(rawLng) : null;
            if (lat == null || !(lat >= -90 && lat <= 90)) {
                errors.add("lat: must be a WGS-84 latitude in decimal degrees (-90 to 90)");
            }
            if (lng == null || !(lng >= -180 && lng <= 180)) {
                errors.add("long: must be a WGS-84 longitude in decimal degrees (-180 to 180)");
            }
        } else if (!present(address)) {
            errors.add("lat and long (WGS-84) are required, or an address_string naming a place of the jurisdiction");
        }
        int before = errors.size();
        textProblem("address_string", address, ReportInput.ADDRESS_MAX, errors);
        RoutingService.Located located = null;
        if (!hasPoint && present(address) && errors.size() == before) {
            located = routing.locate(address, allowed);
            switch (located.outcome()) {
                case MATCHED -> {
                    lat = located.lat();
                    lng = located.lng();
                }
                case NONE ->
                    errors.add("address_string: names no township, village/community or grid of this "
                            + "jurisdiction; send lat and long (WGS-84)");
                case AMBIGUOUS ->
                    errors.add("address_string: ambiguous, it names " + String.join(", ", located.tied())
                            + "; name one of them, or send lat and long (WGS-84)");
            }
        }
        String description = first(form, "description");
        textProblem("description", description, ReportInput.DESCRIPTION_MAX, errors);
        Severity severity = null;
        for (String name : form.keySet()) {
            if (!name.startsWith("attribute[")) {
                continue;
            }
            String attr = name.substring("attribute[".length(), name.length() - 1);
            String value = first(form, name);
            if (!attr.equals(SEVERITY)) {
                errors.add(name + ": not an attribute of this service");
            } else if (value == null || !(value.equals("GENERAL") || value.equals("MAJOR"))) {
                errors.add(name + ": must be GENERAL or MAJOR");
            } else {
                severity = Severity.valueOf(value);
            }
        }
        String mediaUrl = first(form, "media_url");
        if (present(mediaUrl)) {
            if (mediaUrl.length() > 2000) {
                errors.add("media_url: at most 2000 characters");
            } else {
                try {
                    MediaFetcher.parse(mediaUrl);
                } catch (Open311Problem p) {
                    errors.add(p.getMessage());
                }
            }
        }
        Long resident = null;
        String accountId = first(form, "account_id");
        if (present(accountId)) {
            Long id = Values.id(accountId.strip());
            if (!client.linkResidents()) {
                errors.add("account_id: this api_key may not link requests to resident accounts");
            } else if (id == null
                    || QuarkusTx.call(() -> accounts.kinds(List.of(id)).get(id)) != Account.Kind.RESIDENT) {
                errors.add("account_id: not a resident account of this service");
            } else {
                resident = id;
            }
        }
        for (String contact : List.of("email", "device_id", "first_name", "last_name", "phone")) {
            String v = first(form, contact);
            if (v != null && v.length() > 200) {
                errors.add(contact + ": at most 200 characters");
            }
        }
        if (!errors.isEmpty()) {
            throw new Open311Problem(400, errors);
        }
        boolean approximate = located != null;
        ReportInput in = new ReportInput(
                lat, lng, Crs.WGS84, null, Texts.trimmed(address), Texts.trimmed(description), category.code(), false);
        List<PhotoStore.Upload> uploads = new ArrayList<>();
        try {
            if (present(mediaUrl)) {
                uploads.add(media.fetch(mediaUrl));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("open311KeyId", client.id());
            details.put("mediaUrl", present(mediaUrl));
            if (approximate) {
                Map<String, Object> place = new LinkedHashMap<>();
                place.put("regionId", located.regionId());
                place.put("regionCode", located.code());
                place.put("level", located.level());
                place.put("lat", located.lat());
                place.put("lng", located.lng());
                details.put("placedFromAddress", place);
            }
            ReportIntake.Submitted s;
            try {
                s = intake.submitPartner(
                        client.actor(clientIp), resident, in, severity, uploads, allowed, approximate, details);
            } catch (ApiException e) {
                throw translate(e);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service_request_id", String.valueOf(s.id()));
            m.put("service_notice", notice(s, approximate ? located.name() : null));
            m.put("account_id", null);
            return new Doc("service_requests", new Many("request", List.of(m)));
        } finally {
            for (PhotoStore.Upload u : uploads) {
                try {
                    Files.deleteIfExists(u.file());
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static String notice(ReportIntake.Submitted s, String placedAt) {
        if (s.ticketId() != null) {
            return s.statusLabel() + ": dispatched to the responsible unit";
        }
        if (placedAt != null) {
            return s.statusLabel() + ": placed approximately at " + placedAt
                    + " from address_string; waiting for a dispatcher to confirm the place";
        }
        return s.statusLabel() + ": waiting for a dispatcher's review";
    }

    /** The intake's refusals in GeoReport v2's terms: 403 stays, 429 stays (with Retry-After), the rest is 400. */
    static Open311Problem translate(ApiException e) {
        String text = Messages.get(true, e.code() + ".detail", e.args());
        List<String> lines = new ArrayList<>();
        if (e.fieldErrors().isEmpty()) {
            lines.add(e.code() + ": " + text);
        } else {
            e.fieldErrors()
                    .forEach(f -> lines.add(f.field() + ": "
                            + (Messages.has(f.message()) ? Messages.get(true, f.message()) : f.message())));
        }
        int status = e.status() == 403 || e.status() == 429 ? e.status() : e.status() >= 500 ? e.status() : 400;
        return new Open311Problem(status, lines, e.headers());
    }

    private static void textProblem(String field, String value, int max, List<String> errors) {
        if (value == null) {
            return;
        }
        if (Texts.forbiddenAt(value, true) >= 0) {
            errors.add(field + ": contains a control character");
        } else if (Texts.tooLong(Texts.trimmed(value), max)) {
            errors.add(field + ": at most " + max + " characters");
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A short read transaction outside the intake's own. */
    static final class QuarkusTx {
        static <T> T call(java.util.concurrent.Callable<T> c) {
            return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(c);
        }
    }
}
