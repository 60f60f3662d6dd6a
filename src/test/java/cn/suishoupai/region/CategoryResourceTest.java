package cn.suishoupai.region;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.suishoupai.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GET /api/v1/categories: the active categories a report may name, for every signed-in role. */
@QuarkusTest
class CategoryResourceTest {

    @Inject
    Fixtures fixtures;

    private List<Map<String, Object>> list(String token, String language) {
        return given().auth()
                .oauth2(token)
                .header("Accept-Language", language)
                .get("/api/v1/categories")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    @Test
    void aResidentGetsTheActiveCategoriesInCodeOrderWithNamesInTheirLanguage() {
        HazardCategory b = fixtures.category("CATB", true);
        HazardCategory a = fixtures.category("CATA", false);
        HazardCategory retired = fixtures.category("CATR", true);
        QuarkusTransaction.requiringNew().run(() -> {
            HazardCategory.<HazardCategory>findById(a.id).nameZh = "甲类";
            HazardCategory.<HazardCategory>findById(a.id).nameEn = "Kind A";
            HazardCategory.<HazardCategory>findById(retired.id).active = false;
        });
        String resident = fixtures.tokenFor(fixtures.resident().id);

        List<Map<String, Object>> zh = list(resident, "zh-CN");
        List<String> codes = zh.stream().map(m -> (String) m.get("code")).toList();
        assertThat(codes).contains(a.code, b.code).doesNotContain(retired.code);
        assertThat(codes).isSorted();
        Map<String, Object> kindA = zh.stream()
                .filter(m -> a.code.equals(m.get("code")))
                .findFirst()
                .orElseThrow();
        assertThat(kindA)
                .containsEntry("name", "甲类")
                .containsEntry("nameZh", "甲类")
                .containsEntry("nameEn", "Kind A");

        Map<String, Object> kindAEn = list(resident, "en").stream()
                .filter(m -> a.code.equals(m.get("code")))
                .findFirst()
                .orElseThrow();
        assertThat(kindAEn).containsEntry("name", "Kind A");
    }

    @Test
    void staffMayReadItTooButNotAnAccountWithoutARoleNorAnybodySignedOut() {
        HazardCategory c = fixtures.category("CATS", true);
        String unit = fixtures.tokenFor(fixtures.staff(Set.of("unit"), null, Set.of()).id);
        assertThat(list(unit, "zh-CN")).extracting(m -> m.get("code")).contains(c.code);

        String nobody = fixtures.tokenFor(fixtures.staff(Set.of(), null, Set.of()).id);
        assertProblem(given().auth().oauth2(nobody).get("/api/v1/categories").then(), 403, "forbidden");
        assertProblem(given().get("/api/v1/categories").then(), 401, "unauthenticated");
    }
}
