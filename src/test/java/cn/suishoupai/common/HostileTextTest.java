package cn.suishoupai.common;

import static cn.suishoupai.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import cn.suishoupai.media.ObjectStorage;
import cn.suishoupai.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, text at the boundary: control characters and other invisible characters are a 422
 * {@code invalid-text} naming the field in every kind of string (JSON, form fields, multipart file
 * names, query, path and header parameters), and nothing is stored.
 */
@QuarkusTest
class HostileTextTest {

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource ds;

    @Inject
    ObjectStorage storage;

    static String admin;
    static String resident;

    @BeforeEach
    void tokens() {
        admin = Fixtures.token(fixtures.admin());
        resident = fixtures.tokenFor(fixtures.resident().id);
    }

    /** Rows in every table a refused request could touch. */
    private Map<String, Long> counts() throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String t : List.of(
                    "region",
                    "unit",
                    "account",
                    "report",
                    "photo",
                    "ticket",
                    "ticket_event",
                    "reward_rule",
                    "audit_log",
                    "upload_intent",
                    "idempotency_record",
                    "routing_rule",
                    "payout_line",
                    "report_event")) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + t)) {
                    rs.next();
                    m.put(t, rs.getLong(1));
                }
            }
        }
        return m;
    }

    record Case(String name, String field, Function<String, ValidatableResponse> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static ValidatableResponse json(String path, String body) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then();
    }

    private static String region(String code, String name) {
        return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"level\":\"DISTRICT\"}";
    }

    private static String rule(String note) {
        return "{\"severity\":\"GENERAL\",\"kind\":\"FIXED\",\"fixedFen\":100,\"validFrom\":\""
                + LocalDate.now().plusYears(50) + "\",\"note\":\"" + note + "\"}";
    }

    /** A multipart report submission built byte by byte, so names and values can hold anything. */
    private static ValidatableResponse multipart(String fieldName, String value, String fileName) {
        String b = "XyZzy" + System.nanoTime();
        StringBuilder s = new StringBuilder();
        s.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"lat\"\r\n\r\n30.5\r\n");
        s.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"lng\"\r\n\r\n114.3\r\n");
        if (fieldName != null) {
            s.append("--")
                    .append(b)
                    .append("\r\nContent-Disposition: form-data; name=\"")
                    .append(fieldName)
                    .append("\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
                    .append(value)
                    .append("\r\n");
        }
        if (fileName != null) {
            s.append("--")
                    .append(b)
                    .append("\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"")
                    .append(fileName)
                    .append("\"\r\nContent-Type: image/jpeg\r\n\r\nnot really a jpeg\r\n");
        }
        s.append("--").append(b).append("--\r\n");
        return given().auth()
                .oauth2(resident)
                .contentType("multipart/form-data; boundary=" + b)
                .body(s.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/reports")
                .then();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                        // JSON bodies: every string, single-line unless free text
                        new Case(
                                "JSON NUL, no login needed",
                                "username",
                                bad -> given().contentType(ContentType.JSON)
                                        .body("{\"username\":\"root" + bad + "\",\"password\":\"x\"}")
                                        .post("/api/v1/auth/login")
                                        .then()),
                        new Case(
                                "JSON NUL in a name",
                                "name",
                                bad -> json("/api/v1/admin/regions", region(Fixtures.unique("R"), "镇" + bad))),
                        new Case(
                                "JSON C0 in a free-text note",
                                "note",
                                bad -> json("/api/v1/admin/reward-rules", rule("a" + bad))),
                        // form fields and file names
                        new Case("form field address", "address", bad -> multipart("address", "路" + bad, null)),
                        new Case(
                                "form field description",
                                "description",
                                bad -> multipart("description", "描述" + bad, null)),
                        new Case(
                                "multipart file name",
                                "photos.filename",
                                bad -> multipart(null, null, "p" + bad + ".jpg")),
                        // query and path parameters, decoded
                        new Case(
                                "query parameter",
                                "q",
                                bad -> given().auth()
                                        .oauth2(admin)
                                        .urlEncodingEnabled(false)
                                        .get("/api/v1/admin/accounts?q=a" + pct(bad))
                                        .then()),
                        new Case(
                                "path parameter",
                                "id",
                                bad -> given().auth()
                                        .oauth2(admin)
                                        .urlEncodingEnabled(false)
                                        .get("/api/v1/admin/regions/1" + pct(bad))
                                        .then())
                        // header parameters the endpoint reads: aHeaderParameterWithAControlCharacterIs422 (raw socket)
                        )
                .map(Arguments::of);
    }

    /** Each forbidden character, as it appears in a JSON string literal. */
    static final List<String[]> CHARACTERS = List.of(
            new String[] {"NUL", "\\u0000", "\u0000"},
            new String[] {"BEL", "\\u0007", "\u0007"},
            new String[] {"ESC", "\\u001b", "\u001b"},
            new String[] {"DEL", "\\u007f", "\u007f"},
            new String[] {"C1 NEL", "\\u0085", "\u0085"},
            new String[] {"lone surrogate", "\\ud800", "\ud800"},
            new String[] {"U+FFFF", "\\uffff", "\uffff"},
            new String[] {"bidi override", "\\u202e", "\u202e"});

    static Stream<Arguments> refusedEverywhere() {
        return refused().flatMap(a -> CHARACTERS.stream().map(ch -> Arguments.of(a.get()[0], ch[0], ch[1], ch[2])));
    }

    private static String pct(String s) {
        // the tests pass the JSON form; decode it to the character and percent-encode its UTF-8 bytes
        String raw = unescape(s);
        if (Character.isSurrogate(raw.charAt(0))) {
            raw = "\u0001"; // a lone surrogate has no UTF-8 form: a URI cannot carry one
        }
        StringBuilder out = new StringBuilder();
        for (byte x : raw.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", x & 0xFF));
        }
        return out.toString();
    }

    private static String latin1(String s) {
        String raw = unescape(s);
        return raw.length() == 1 && raw.charAt(0) >= 0x80 && raw.charAt(0) <= 0xFF ? raw : "\u0085";
    }

    private static String unescape(String s) {
        return s.startsWith("\\u") ? String.valueOf((char) Integer.parseInt(s.substring(2), 16)) : s;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedEverywhere")
    void forbiddenCharactersAre422InvalidTextAndChangeNothing(Case c, String what, String jsonEscape, String raw)
            throws Exception {
        Map<String, Long> before = counts();
        List<String> objects = storage.list("reports/");
        String bad = c.name().startsWith("JSON")
                ? jsonEscape
                : c.name().startsWith("form") || c.name().startsWith("multipart")
                        ? (raw.equals("\ud800") ? "\u0001" : raw)
                        : jsonEscape;
        assertProblem(c.call().apply(bad), 422, "invalid-text")
                .body("errors[0].field", equalTo(c.field()))
                .body("errors[0].message", not(equalTo("field.text.control")));
        assertThat(counts()).isEqualTo(before);
        assertThat(storage.list("reports/")).containsExactlyInAnyOrderElementsOf(objects);
    }

    @Test
    void tabAndNewlinesAreAllowedInFreeTextOnly() throws Exception {
        // a note may span lines
        json("/api/v1/admin/reward-rules", rule("第一行\\n\\t第二行\\r\\n第三行")).statusCode(201);
        // a name may not
        Map<String, Long> before = counts();
        assertProblem(json("/api/v1/admin/regions", region(Fixtures.unique("R"), "一行\\n两行")), 422, "invalid-text")
                .body("errors[0].field", equalTo("name"));
        assertProblem(multipart("address", "一行\n两行", null).log().ifValidationFails(), 422, "invalid-text")
                .body("errors[0].field", equalTo("address"));
        assertThat(counts()).isEqualTo(before);
        // a multi-line description passes the text rules (and is then refused for having no photo)
        assertProblem(multipart("description", "第一行\r\n第二行\t完", null), 400, "validation-failed")
                .body("errors.field", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("description")));
        // ordinary Chinese, emoji (a proper surrogate pair) and punctuation are text
        json("/api/v1/admin/regions", region(Fixtures.unique("R"), "东湖街道 🚒 “一号”"))
                .statusCode(201);
    }

    @Test
    void theRulesAsATable() {
        record Row(String s, boolean multiLine, int at) {}
        for (Row r : List.of(
                new Row("abc", false, -1),
                new Row("a\tb", false, 1),
                new Row("a\tb", true, -1),
                new Row("a\nb\r", true, -1),
                new Row("a\nb", false, 1),
                new Row("\u0000", true, 0),
                new Row("x\u007f", true, 1),
                new Row("x\u0080", true, 1),
                new Row("x\u009f", true, 1),
                new Row("x\u00a0", true, -1),
                new Row("中文", false, -1),
                new Row("🚒", false, -1),
                new Row("a\ud83d", false, 1),
                new Row("\ude92a", false, 0),
                new Row("\ufffe", false, 0),
                new Row("a\u202ab", false, 1),
                new Row("a\u2066b", false, 1),
                new Row("a\u200db", false, -1))) {
            assertThat(Texts.forbiddenAt(r.s(), r.multiLine())).as(r.toString()).isEqualTo(r.at());
        }
        assertThat(Texts.multiLine("lines[2].reason")).isTrue();
        assertThat(Texts.multiLine("note")).isTrue();
        assertThat(Texts.multiLine("name")).isFalse();
        assertThat(Texts.multiLine("address")).isFalse();
    }

    @Test
    void freeTextLengthIsCheckedByTheOneHelperInReviewNotes() throws Exception {
        // unknown report: the note is checked before anything is looked up or changed
        String dispatcher = Fixtures.token(fixtures.staff(Set.of("dispatcher"), null, Set.of()));
        Map<String, Long> before = counts();
        assertProblem(
                        given().auth()
                                .oauth2(dispatcher)
                                .contentType(ContentType.JSON)
                                .body("{\"ticketId\":1,\"note\":\"" + "长".repeat(501) + "\"}")
                                .post("/api/v1/dispatch/reports/999999999/actions/merge")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo("note"));
        assertThat(counts()).isEqualTo(before);
    }

    static Stream<Arguments> badResultFiles() {
        return Stream.of(
                Arguments.of("empty header column", "reward_id,,status\n1,x,PAID\n", "file"),
                Arguments.of("duplicate header", "reward_id,status,status\n1,PAID,PAID\n", "file"),
                Arguments.of("missing status column", "reward_id,external_ref\n1,TX1\n", "file"),
                Arguments.of("ragged row", "reward_id,status\n1,PAID,TX1,extra\n", "file"),
                Arguments.of("unclosed quote", "reward_id,status\n\"1,PAID\n", "file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResultFiles")
    void aBrokenResultFileIs422NeverA500(String name, String csv, String field) throws Exception {
        String finance = Fixtures.token(fixtures.staff(Set.of("finance"), null, Set.of()));
        Map<String, Long> before = counts();
        assertProblem(
                        given().auth()
                                .oauth2(finance)
                                .multiPart("file", "r.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                                .post("/api/v1/payout-batches/999999999/results/file")
                                .then(),
                        422,
                        "invalid-field")
                .body("errors[0].field", equalTo(field));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void spreadsheetCodesAreStrict() {
        for (String ok : List.of("TX-1", "4200001234202601011234567890", "a_b-c", "Z")) {
            assertThat(Codes.isRef(ok)).as(ok).isTrue();
        }
        for (String bad : List.of(
                "=1+1",
                "+1",
                "-1",
                "@SUM(A1)",
                "\tTX",
                "\rTX",
                "TX 1",
                "TX;1",
                "TX\u0000",
                "",
                "x".repeat(129),
                "TX=1",
                "ＴＸ１")) {
            assertThat(Codes.isRef(bad)).as(bad).isFalse();
            assertThat(Codes.formulaLike(bad) || !Codes.isRef(bad)).isTrue();
        }
        for (String ok : List.of("ZONE-A", "grid_01.2", "_x")) {
            assertThat(Codes.isCode(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("-A", ".A", "=A", "@A", "+A", "A B", "x".repeat(65))) {
            assertThat(Codes.isCode(bad)).as(bad).isFalse();
        }
        // a region code that a spreadsheet would read as a formula is refused at the API
        assertProblem(json("/api/v1/admin/regions", region("-2+3", "n")), 400, "validation-failed")
                .body("errors[0].field", equalTo("code"));
    }

    /** Header values arrive as ISO-8859-1: a C1 or DEL byte in a header the endpoint reads is refused. */
    @Test
    void aHeaderParameterWithAControlCharacterIs422() throws Exception {
        Map<String, Long> before = counts();
        // DEL and C0 bytes are refused by the HTTP layer itself (an empty 400, not yet problem+json)
        for (int bad : new int[] {0x85, 0x9B}) {
            String body = region(Fixtures.unique("R"), "n");
            String req = "POST /api/v1/admin/regions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin
                    + "\r\nIdempotency-Key: k" + (char) bad + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
            String answer = raw(req.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(answer)
                    .as("0x%02X", bad)
                    .startsWith("HTTP/1.1 422")
                    .contains("application/problem+json")
                    .contains("invalid-text")
                    .contains("Idempotency-Key");
        }
        assertThat(counts()).isEqualTo(before);
    }

    static String raw(byte[] request) throws Exception {
        int port = io.restassured.RestAssured.port;
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
