package cn.suishoupai.open311;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A partner system's API key: only its keyed hash is stored; the key itself is shown once when issued. */
@Entity
@Table(name = "open311_key")
public class Open311Key extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String keyHash;

    /** The first characters of the key, so an admin can tell keys apart without the key. */
    public String keyPrefix;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<Long> townshipIds = new ArrayList<>();

    /** Whether this partner may link a request to a resident account (account_id): then it may earn a reward. */
    public boolean linkResidents;

    public int perHour;

    public Instant createdAt;

    public Long createdBy;

    public Instant revokedAt;

    public Long revokedBy;

    public Instant lastUsedAt;

    static Open311Key byHash(String hash) {
        return find("keyHash", hash).firstResult();
    }

    static List<Open311Key> all() {
        return list("order by createdAt desc, id desc");
    }
}
