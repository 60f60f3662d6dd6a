package cn.suishoupai.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The originals' lifecycle (docs/OPERATIONS.md §13). An original is the resident's file byte for byte, with its EXIF
 * (where they stood): evidence while the case runs. When the case ends the caller marks its photos settled; once
 * settled for the retention period, {@link #stripDue} points each row's original at its display copy (upright, at
 * most 2048 px, no metadata) and clears the EXIF position, and {@link #deleteOriginals} deletes the old objects
 * after that commits. The old keys are journalled first (upload_intent), so an instance that dies in between leaves
 * them to PhotoStore's cleanup, which deletes journalled objects no row uses.
 */
@ApplicationScoped
public class PhotoOriginals {

    /** One photo whose original was replaced. */
    public record Stripped(long photoId, Long reportId, Long ticketId, String originalKey) {}

    /** A batch: its photos and the journal entry of their old originals. */
    public record Batch(List<Stripped> photos, PhotoStore.Batch journal) {}

    private final EntityManager em;
    private final PhotoStore store;

    PhotoOriginals(EntityManager em, PhotoStore store) {
        this.em = em;
        this.store = store;
    }

    /** In the caller's transaction: the case of this ticket and these reports ended at {@code at}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int settle(Long ticketId, List<Long> reportIds, Instant at) {
        return em.createNativeQuery("update photo set settled_at = ?1 where settled_at is null "
                        + "and (ticket_id = ?2 or report_id = any(?3))")
                .setParameter(1, at)
                .setParameter(2, ticketId == null ? -1L : ticketId)
                .setParameter(3, reportIds.toArray(Long[]::new))
                .executeUpdate();
    }

    /**
     * In the caller's transaction: up to {@code batch} photos settled before {@code settledBefore} that still have
     * their original, locked (skip locked: another instance takes others), now pointing at their display copy.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Batch stripDue(Instant settledBefore, int batch, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, report_id, ticket_id, original_key, display_key, thumb_key from photo "
                                + "where settled_at < ?1 and original_removed_at is null order by settled_at, id limit ?2 "
                                + "for update skip locked")
                .setParameter(1, settledBefore)
                .setParameter(2, batch)
                .getResultList();
        List<Stripped> out = new ArrayList<>(rows.size());
        List<String> keys = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            if (!r[3].equals(r[4]) && !r[3].equals(r[5])) {
                keys.add((String) r[3]); // never the display copy or thumbnail the row keeps
            }
            out.add(new Stripped(
                    ((Number) r[0]).longValue(),
                    r[1] == null ? null : ((Number) r[1]).longValue(),
                    r[2] == null ? null : ((Number) r[2]).longValue(),
                    (String) r[3]));
        }
        if (out.isEmpty()) {
            return new Batch(out, null);
        }
        PhotoStore.Batch journal = keys.isEmpty() ? null : store.journal(keys); // commits first, on its own
        em.createNativeQuery("update photo set original_key = display_key, original_removed_at = ?1, exif_lat = null, "
                        + "exif_lng = null where id = any(?2)")
                .setParameter(1, now)
                .setParameter(2, out.stream().map(Stripped::photoId).toArray(Long[]::new))
                .executeUpdate();
        return new Batch(out, journal);
    }

    /** After {@link #stripDue}'s transaction committed: deletes the old originals and their journal entry. */
    public void deleteOriginals(Batch batch) {
        if (batch.journal() != null) {
            store.abandon(batch.journal());
        }
    }
}
