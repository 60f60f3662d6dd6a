package cn.suishoupai.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details. {@code type} is a stable URI per error class; {@code title} and
 * {@code detail} are localised (zh by default, en on request). Extra members (for example
 * {@code lockedUntil}, {@code currentState}) are flattened into the body as RFC 9457 allows.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://suishoupai.cn/problems/";

    public record FieldError(String field, String message) {}
}
