package cn.suishoupai.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

@Entity
public class RefreshToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String tokenHash;

    public UUID familyId;

    public Long accountId;

    public Instant issuedAt;

    public Instant expiresAt;

    public Instant usedAt;

    public Instant revokedAt;
}
