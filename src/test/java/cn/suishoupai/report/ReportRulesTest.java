package cn.suishoupai.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Crs;
import cn.suishoupai.common.Problem;
import cn.suishoupai.ticket.Ticket;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rules behind intake and the resident view, table-driven. */
class ReportRulesTest {

    private static ReportInput.Form form(
            String lat, String lng, String crs, String accuracy, String description, String anonymous) {
        return new ReportInput.Form(lat, lng, crs, accuracy, "地址", description, "FIRE", anonymous);
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                // lat, lng, crs, accuracy, anonymous, photos → status, fields in error
                "28.3, 113.1, WGS84, 12, false, 1, 0, ''",
                "28.3, 113.1, gcj02, null, true, 9, 0, ''",
                "28.3, 113.1, BD09, 0, 1, 3, 0, ''",
                "null, 113.1, WGS84, null, null, 1, 400, lat",
                "north, 113.1, WGS84, null, null, 1, 400, lat",
                "NaN, 113.1, WGS84, null, null, 1, 400, lat",
                "28.3, 113.1, null, null, null, 1, 400, crs",
                "28.3, 113.1, WGS84, null, maybe, 1, 400, anonymous",
                "95, 113.1, WGS84, null, null, 1, 422, lat",
                "28.3, 181, WGS84, null, null, 1, 422, lng",
                "28.3, 113.1, MARS, null, null, 1, 422, crs",
                "28.3, 113.1, WGS84, -1, null, 1, 422, accuracy",
                "28.3, 113.1, WGS84, null, null, 0, 422, photos",
                "28.3, 113.1, WGS84, null, null, 10, 422, photos",
                // a malformed field makes the whole request 400, and every field is still listed
                "abc, 200, WGS84, null, null, 0, 400, lat lng photos",
            })
    void formFields(
            String lat,
            String lng,
            String crs,
            String accuracy,
            String anonymous,
            int photos,
            int status,
            String fields) {
        ReportInput.Form f = form(lat, lng, crs, accuracy, "描述", anonymous);
        if (status == 0) {
            ReportInput in = ReportInput.parse(f, photos, 9);
            assertThat(in.crs()).isEqualTo(Crs.valueOf(crs.toUpperCase()));
            assertThat(in.anonymous()).isEqualTo("true".equals(anonymous) || "1".equals(anonymous));
            return;
        }
        assertThatThrownBy(() -> ReportInput.parse(f, photos, 9)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.fieldErrors())
                    .extracting(Problem.FieldError::field)
                    .containsExactlyInAnyOrder(fields.split(" "));
        });
    }

    @ParameterizedTest
    @CsvSource({"1000, true", "1001, false"})
    void descriptionsAreCountedInCharactersNotBytes(int length, boolean ok) {
        ReportInput.Form f = form("28.3", "113.1", "WGS84", null, "隐".repeat(length), null);
        if (ok) {
            assertThat(ReportInput.parse(f, 1, 9).description()).hasSize(length);
        } else {
            assertThatThrownBy(() -> ReportInput.parse(f, 1, 9)).isInstanceOf(ApiException.class);
        }
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "PENDING_REVIEW, null, SUBMITTED",
                "REJECTED, null, REJECTED",
                "MERGED, DISPATCHED, MERGED",
                "MERGED, CLOSED, MERGED",
                "ACCEPTED, DISPATCHED, ACCEPTED",
                "ACCEPTED, IN_PROGRESS, IN_PROGRESS",
                "ACCEPTED, RECTIFIED, IN_PROGRESS",
                "ACCEPTED, RETURNED, IN_PROGRESS",
                "ACCEPTED, CLOSED, CLOSED",
                "ACCEPTED, CANCELLED, REJECTED",
                "ACCEPTED, REJECTED, REJECTED",
            })
    void residentStatus(Report.Status report, Ticket.State ticket, Status expected) {
        Report r = new Report();
        r.status = report;
        assertThat(Status.of(r, ticket)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "ABCD-EFGH-JKMN, abcd efgh jkmn, true",
        "0000-1111-2222, OOOO-IIII-2222, true",
        "0000-1111-2222, oooo-llll-2222, true",
        "ABCD-EFGH-JKMN, ABCD-EFGH-JKMP, false",
    })
    void claimCodesForgiveTyping(String issued, String typed, boolean same) {
        assertThat(ClaimCodes.digest(issued).equals(ClaimCodes.digest(typed))).isEqualTo(same);
    }

    @org.junit.jupiter.api.Test
    void claimCodesAreSixteenUnambiguousCharacters() {
        // 16 of 32 symbols: 80 bits
        List<String> codes =
                IntStream.range(0, 200).mapToObj(i -> ClaimCodes.generate()).toList();
        assertThat(codes).allMatch(c -> c.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"));
        assertThat(codes).doesNotHaveDuplicates();
    }
    /** photoIds of a report from uploads (issue 14): 1-9, none null or non-positive, none twice. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "'1', null",
                "'1 2 3 4 5 6 7 8 9', null",
                "'9 3 7', null",
                "'', field.photo-ids.count",
                "null, field.photo-ids.count",
                "'1 2 3 4 5 6 7 8 9 10', field.photo-ids.count",
                "'1 1 1 1 1 1 1 1 1 1', field.photo-ids.count",
                "'4 5 4', field.photo-ids.duplicate",
                "'7 7', field.photo-ids.duplicate",
                "'0', field.photo-ids.invalid",
                "'-3 4', field.photo-ids.invalid",
                "'3 NULL', field.photo-ids.invalid",
            })
    void photoIds(String ids, String expected) {
        List<Long> list = ids == null
                ? null
                : java.util.Arrays.stream(ids.split(" "))
                        .filter(x -> !x.isEmpty())
                        .map(x -> x.equals("NULL") ? null : Long.valueOf(x))
                        .toList();
        assertThat(PhotoIds.problem(list, 9)).isEqualTo(expected);
    }
}
