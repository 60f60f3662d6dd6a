package cn.suishoupai.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The client address budgets are counted by comes from the connection: X-Forwarded-For is honoured only
 * from a proxy listed in suishoupai.http.trusted-proxies (none by default; RateBudgetTest trusts the loopback,
 * common.ClientAddressRulesTest has the cases). A forged header from an untrusted peer is ignored.
 */
@QuarkusTest
class ClientAddressTest {

    @Test
    void aForwardedForHeaderIsIgnoredWithoutProxyForwarding() {
        String phone = String.valueOf(13_600_000_000L + (System.nanoTime() % 1_000_000) * 10);
        given().header("X-Forwarded-For", "203.0.113.9")
                .contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\"}")
                .post("/api/v1/auth/sms/request")
                .then()
                .statusCode(200);
        String recorded = QuarkusTransaction.requiringNew().call(() -> (String) SmsChallenge.getEntityManager()
                .createNativeQuery("select client_ip from sms_challenge where phone = ?1")
                .setParameter(1, phone)
                .getSingleResult());
        assertThat(recorded).isNotEqualTo("203.0.113.9").isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }
}
