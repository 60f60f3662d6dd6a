package cn.suishoupai.support;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.ValidatableResponse;

/** Assertions every problem+json answer must satisfy. */
public final class Problems {

    private Problems() {}

    public static ValidatableResponse assertProblem(ValidatableResponse r, int status, String code) {
        return r.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://suishoupai.cn/problems/" + code))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body(not(containsString("cn.suishoupai")));
    }
}
