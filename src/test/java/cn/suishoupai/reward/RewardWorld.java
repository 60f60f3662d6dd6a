package cn.suishoupai.reward;

import static io.restassured.RestAssured.given;

import cn.suishoupai.identity.Account;
import cn.suishoupai.region.Severity;
import cn.suishoupai.report.ClaimCodeAccess;
import cn.suishoupai.report.Report;
import cn.suishoupai.support.Fixtures;
import cn.suishoupai.support.Tickets;
import cn.suishoupai.support.Town;
import cn.suishoupai.ticket.Ticket;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * Reward test data: tickets with reports attached as intake and review would attach them (without
 * photo intake each time), verification through the API, rules through the admin API.
 */
@ApplicationScoped
public class RewardWorld {

    @Inject
    Fixtures fixtures;

    @Inject
    Tickets tickets;

    @Inject
    AgroalDataSource ds;

    @Inject
    ClaimCodeAccess claimCodes;

    /** A dispatched ticket in grid A-R0C0 of the town (fire category, GENERAL unless told). */
    public Ticket ticket(Town town, Severity severity) {
        return tickets.dispatched(town, 'A', 0, 0, town.fire, severity, town.department.id, Set.of());
    }

    /** A report on the ticket: by account (role resident or grid_worker) or anonymous with a claim code. */
    @Transactional
    public Report report(
            Ticket t,
            Account reporter,
            String role,
            boolean anonymous,
            String claimCode,
            Report.Status status,
            Instant createdAt) {
        Report r = new Report();
        r.reporterId = anonymous ? null : reporter.id;
        r.reporterRole = role;
        r.anonymous = anonymous;
        r.claimCodeHash = anonymous ? claimCodes.stored(claimCode) : null;
        r.status = status;
        r.ticketId = t.id;
        r.categoryId = t.categoryId;
        r.inputLat = t.lat;
        r.inputLng = t.lng;
        r.inputCrs = "WGS84";
        r.lat = t.lat;
        r.lng = t.lng;
        r.townshipId = t.townshipId;
        r.gridId = t.gridId;
        r.routing = "{}";
        r.createdAt = createdAt;
        r.updatedAt = createdAt;
        r.persist();
        return r;
    }

    public Report resident(Ticket t, Account reporter, Instant at) {
        return report(t, reporter, "resident", false, null, Report.Status.ACCEPTED, at);
    }

    /** 核实属实 through the API. */
    public static Response verify(String token, long ticketId, boolean real) {
        var r = given().auth()
                .oauth2(token)
                .contentType("multipart/form-data")
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder(String.valueOf(real))
                        .controlName("real")
                        .mimeType("text/plain")
                        .charset("UTF-8")
                        .build())
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder("现场核实")
                        .controlName("note")
                        .mimeType("text/plain")
                        .charset("UTF-8")
                        .build());
        return r.post("/api/v1/tickets/" + ticketId + "/actions/verify");
    }

    /** A FIXED rule for the category (null = any) and severity from today on; returns its id. */
    public static long fixedRule(String adminToken, String categoryCode, String severity, long fen) {
        String cat = categoryCode == null ? "" : "\"categoryCode\":\"" + categoryCode + "\",";
        return ((Number) given().auth()
                        .oauth2(adminToken)
                        .contentType(ContentType.JSON)
                        .body("{" + cat + "\"severity\":\"" + severity + "\",\"kind\":\"FIXED\",\"fixedFen\":" + fen
                                + ",\"validFrom\":\"" + LocalDate.now().minusDays(1) + "\"}")
                        .post("/api/v1/admin/reward-rules")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"))
                .longValue();
    }

    public long count(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public Reward rewardOf(long ticketId) {
        return Reward.find("ticketId", ticketId).firstResult();
    }

    /** The resident as a WeChat login leaves them: an openid, no phone. */
    @Transactional
    public Account wechatOnly(Account a) {
        Account x = Account.findById(a.id);
        x.phone = null;
        x.persist();
        a.phone = null;
        return a;
    }

    /** A resident who signed in by phone and never by WeChat: no openid. */
    @Transactional
    public Account phoneOnly(Account a) {
        Account x = Account.findById(a.id);
        x.wechatOpenid = null;
        x.persist();
        a.wechatOpenid = null;
        return a;
    }

    /** A ticket closed the way it could be before verification was required (V11): closed, never verified. */
    public void closeAsBeforeV11(long ticketId) {
        count(
                "with u as (update ticket set state = 'CLOSED', closed_at = now(), due_at = null, due_owner = null, verified = null, verified_at = null, "
                        + "verified_by = null, version = version + 1 where id = ? returning 1) select count(*) from u",
                ticketId);
    }
}
