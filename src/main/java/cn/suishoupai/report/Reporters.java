package cn.suishoupai.report;

import cn.suishoupai.common.Times;
import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.AccountFacts;
import cn.suishoupai.identity.ReportingResidents;
import cn.suishoupai.region.ScopeTree;
import cn.suishoupai.ticket.TicketReports;
import cn.suishoupai.ticket.TicketStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What other features ask of reports and their reporters. The report table is read here, not by
 * identity, ticket, reward or notify, so a change to it finds every reader at compile time.
 */
@ApplicationScoped
public class Reporters implements TicketReports, ReportingResidents {

    /** A report that may earn its ticket's reward (DOMAIN §7), with what eligibility needs of its reporter. */
    public record Candidate(
            long reportId, Long reporterId, boolean reporterStaff, String reporterRole, boolean anonymous) {}

    private final EntityManager em;
    private final AccountFacts accounts;
    private final TicketStates tickets;

    Reporters(EntityManager em, AccountFacts accounts, TicketStates tickets) {
        this.em = em;
        this.accounts = accounts;
        this.tickets = tickets;
    }

    /** A report of a ticket and the account that sent it. */
    public record Reported(long reportId, long accountId) {}

    /** The ticket's reports that have a known reporter (anonymous ones aside), in id order: whom to tell what became of it. */
    public List<Reported> reportsOf(long ticketId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, reporter_id from report where ticket_id = ?1 and reporter_id is not null order by id")
                .setParameter(1, ticketId)
                .getResultList();
        return rows.stream()
                .map(r -> new Reported(((Number) r[0]).longValue(), ((Number) r[1]).longValue()))
                .toList();
    }

    @Override
    public boolean reportedBy(long ticketId, long accountId) {
        return ((Number) em.createNativeQuery("select count(*) from report where ticket_id = ?1 and reporter_id = ?2")
                                .setParameter(1, ticketId)
                                .setParameter(2, accountId)
                                .getSingleResult())
                        .longValue()
                > 0;
    }

    @Override
    public List<Attached> attachedTo(long ticketId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, created_at, anonymous, description, accuracy_m from report "
                                + "where ticket_id = ?1 order by id")
                .setParameter(1, ticketId)
                .getResultList();
        List<Attached> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Attached(
                    ((Number) r[0]).longValue(),
                    Times.instant(r[1]),
                    (Boolean) r[2],
                    (String) r[3],
                    r[4] == null ? null : ((Number) r[4]).doubleValue()));
        }
        return out;
    }

    /** The ticket's accepted and merged reports, first sent first: the order the reward goes by. */
    public List<Candidate> candidates(long ticketId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select r.id, r.reporter_id, r.reporter_role, r.anonymous from report r "
                                + "where r.ticket_id = ?1 and r.status in ('ACCEPTED', 'MERGED') order by r.created_at, r.id")
                .setParameter(1, ticketId)
                .getResultList();
        Map<Long, Account.Kind> kinds = accounts.kinds(rows.stream()
                .filter(row -> row[1] != null)
                .map(row -> ((Number) row[1]).longValue())
                .distinct()
                .toList());
        List<Candidate> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Long reporter = row[1] == null ? null : ((Number) row[1]).longValue();
            out.add(new Candidate(
                    ((Number) row[0]).longValue(),
                    reporter,
                    kinds.get(reporter) == Account.Kind.STAFF,
                    (String) row[2],
                    (Boolean) row[3]));
        }
        return out;
    }

    /** The anonymous report stored with this claim-code hash, or null. */
    public Long anonymousByClaimCode(String claimCodeHash) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from report where claim_code_hash = ?1 and anonymous")
                .setParameter(1, claimCodeHash)
                .getResultList();
        return ids.isEmpty() ? null : ids.get(0).longValue();
    }

    /** The region a report is scoped by (its grid, else its township), or null when there is no such report. */
    public Long placeOf(long reportId) {
        @SuppressWarnings("unchecked")
        List<Number> place = em.createNativeQuery("select coalesce(grid_id, township_id) from report where id = ?1")
                .setParameter(1, reportId)
                .getResultList();
        return place.isEmpty() ? null : place.get(0).longValue();
    }

    /**
     * Locks the report's ticket row (if it has one) until the transaction ends. Serialises a claim or
     * fraud mark with a verification of the ticket: verifying updates the ticket row before it picks
     * the winning report, so the mark either commits first (and is seen) or waits for the verification
     * (and then sees its reward). Without it both could miss each other.
     */
    public void lockTicketOf(long reportId) {
        @SuppressWarnings("unchecked")
        List<Number> ticket = em.createNativeQuery(
                        "select ticket_id from report where id = ?1 and ticket_id is not null")
                .setParameter(1, reportId)
                .getResultList();
        if (!ticket.isEmpty()) {
            tickets.lock(ticket.get(0).longValue());
        }
    }

    @Override
    public Set<Long> reportedIn(Collection<Long> roots) {
        if (roots.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select distinct reporter_id from report where reporter_id is not null "
                        + "and (" + ScopeTree.sql("township_id", "?1") + " or " + ScopeTree.sql("grid_id", "?1") + ")")
                .setParameter(1, ScopeTree.roots(roots))
                .getResultList();
        Set<Long> out = new HashSet<>();
        ids.forEach(n -> out.add(n.longValue()));
        return out;
    }
}
