package cn.suishoupai.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.Session;

/**
 * The bytes of an upload between its request and its worker ({@code photo_upload_original}): written in the
 * transaction that creates the upload row, read by whichever instance's worker claims it, deleted in the transaction
 * that records the outcome. PostgreSQL rather than the object store, because an insert is a fraction of the cost of
 * an S3 PUT (the request answers at once) and is as durable and as shared as the queue row it belongs to; rather than
 * the instance's disk, because an instance killed after answering 202 must not lose the photo.
 */
@ApplicationScoped
class UploadStaging {

    private final EntityManager em;

    UploadStaging(EntityManager em) {
        this.em = em;
    }

    /** Streams the file into the staging table (never whole in memory), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void stage(long uploadId, Path file, long size) {
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("insert into photo_upload_original (upload_id, bytes) values (?, ?)");
                    InputStream in = Files.newInputStream(file)) {
                ps.setLong(1, uploadId);
                ps.setBinaryStream(2, in, size);
                ps.executeUpdate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Copies the staged bytes into {@code target}; false if none are staged (processed before, or swept). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean copyTo(long uploadId, Path target) {
        AtomicBoolean found = new AtomicBoolean();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("select bytes from photo_upload_original where upload_id = ?")) {
                ps.setLong(1, uploadId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        try (InputStream in = rs.getBinaryStream(1)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        found.set(true);
                    }
                }
            }
        });
        return found.get();
    }

    /** The outcome is recorded: the staged bytes have served (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    void remove(long uploadId) {
        em.createNativeQuery("delete from photo_upload_original where upload_id = ?1")
                .setParameter(1, uploadId)
                .executeUpdate();
    }
}
