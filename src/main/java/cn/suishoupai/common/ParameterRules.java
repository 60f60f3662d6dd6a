package cn.suishoupai.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query, path and header parameters are checked here, once, for every endpoint, before the framework
 * converts them (issue 12). The declared Java type of the parameter decides the rule (see
 * {@link Values}): long/Long are ids ({@code [0-9]{1,18}}, so no full-width or Arabic-Indic digits,
 * no sign), int/Integer are ASCII integers within the parameter's {@code @Min}/{@code @Max} (page
 * 0..{@value Values#MAX_PAGE}, size 1..{@value Values#MAX_SIZE} at most), booleans are true/false,
 * enums their exact constant names, doubles plain decimals, dates and date-times ISO-8601 inside the
 * business window, durations ISO-8601 within bounds. A value that is not what its type claims is
 * 400 {@code invalid-parameter} naming the parameter; a date or duration that parses but lies
 * outside the window is 422 {@code invalid-field}. An empty value of a non-text type is refused too:
 * leave the parameter out instead. Text parameters are left to their endpoints.
 */
public class ParameterRules {

    enum Source {
        PATH,
        QUERY,
        HEADER
    }

    record Rule(Source source, String name, Class<?> type, long min, long max) {}

    private static final Map<Method, List<Rule>> RULES = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void check(ResourceInfo resource, UriInfo uri, HttpHeaders headers) {
        Method m = resource == null ? null : resource.getResourceMethod();
        if (m == null) {
            return;
        }
        for (Rule r : RULES.computeIfAbsent(m, ParameterRules::rules)) {
            List<String> raw = switch (r.source()) {
                case PATH -> uri.getPathParameters(true).get(r.name());
                case QUERY -> uri.getQueryParameters(true).get(r.name());
                case HEADER -> headers.getRequestHeader(r.name());
            };
            if (raw != null) {
                for (String v : raw) {
                    check(r, v);
                }
            }
        }
    }

    static void check(Rule r, String v) {
        // this filter runs before TextInputFilter: a control character is the text rule's 422 here too, not a format
        // 400
        Texts.refuseControls(r.name(), v, false);
        Class<?> t = r.type();
        Object value;
        if (t == long.class || t == Long.class) {
            value = r.min() == Long.MIN_VALUE && r.max() == Long.MAX_VALUE
                    ? Values.id(v)
                    : Values.integer(v, r.min(), r.max());
        } else if (t == int.class || t == Integer.class || t == short.class || t == Short.class) {
            value = Values.integer(v, r.min(), r.max());
        } else if (t == boolean.class || t == Boolean.class) {
            value = Values.bool(v);
        } else if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            value = Values.coordinate(v);
        } else if (t.isEnum()) {
            value = null;
            for (Object c : t.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(v)) {
                    value = c;
                }
            }
        } else if (t == LocalDate.class) {
            value = Values.date(v);
        } else if (t == OffsetDateTime.class || t == Instant.class || t == ZonedDateTime.class) {
            value = Values.dateTime(v);
        } else if (t == Duration.class) {
            value = Values.duration(v);
        } else {
            return; // text and other types: the endpoint's own business
        }
        if (value == null) {
            throw Values.invalidParameter(r.name());
        }
        if (!Values.inBounds(value)) {
            throw Values.outOfBounds(r.name(), value);
        }
    }

    static List<Rule> rules(Method m) {
        List<Rule> rules = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            Source source = null;
            String name = null;
            long min = Long.MIN_VALUE;
            long max = Long.MAX_VALUE;
            for (Annotation a : p.getAnnotations()) {
                if (a instanceof PathParam pp) {
                    source = Source.PATH;
                    name = pp.value();
                } else if (a instanceof QueryParam qp) {
                    source = Source.QUERY;
                    name = qp.value();
                } else if (a instanceof HeaderParam hp) {
                    source = Source.HEADER;
                    name = hp.value();
                } else if (a instanceof RestPath rp) {
                    source = Source.PATH;
                    name = rp.value().isEmpty() ? p.getName() : rp.value();
                } else if (a instanceof RestQuery rq) {
                    source = Source.QUERY;
                    name = rq.value().isEmpty() ? p.getName() : rq.value();
                } else if (a instanceof RestHeader rh) {
                    source = Source.HEADER;
                    name = rh.value().isEmpty() ? p.getName() : rh.value();
                } else if (a instanceof Min mn) {
                    min = mn.value();
                } else if (a instanceof Max mx) {
                    max = mx.value();
                }
            }
            if (source == null) {
                continue;
            }
            if (name.equals("page")) {
                min = Math.max(min, 0);
                max = Math.min(max, Values.MAX_PAGE);
            } else if (name.equals("size")) {
                min = Math.max(min, 1);
                max = Math.min(max, Values.MAX_SIZE);
            } else if (p.getType() == int.class || p.getType() == Integer.class) {
                min = Math.max(min, Integer.MIN_VALUE);
                max = Math.min(max, Integer.MAX_VALUE);
            } else if (p.getType() == short.class || p.getType() == Short.class) {
                min = Math.max(min, Short.MIN_VALUE);
                max = Math.min(max, Short.MAX_VALUE);
            }
            rules.add(new Rule(source, name, p.getType(), min, max));
        }
        return List.copyOf(rules);
    }
}
