package cn.suishoupai.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

@Entity
public class SmsChallenge extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String phone;

    public String codeHash;

    public String salt;

    public Instant createdAt;

    public Instant expiresAt;

    public int attempts;

    public Instant consumedAt;

    public String clientIp;

    /** LOGIN, or PAYOUT_PHONE for the account in accountId. */
    public String purpose = LOGIN;

    public Long accountId;

    public static final String LOGIN = "LOGIN";
    public static final String PAYOUT_PHONE = "PAYOUT_PHONE";
}
