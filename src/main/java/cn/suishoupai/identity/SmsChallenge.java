package cn.suishoupai.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "sms_challenge")
public class SmsChallenge extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String phone;

    @Column(name = "code_hash")
    public String codeHash;

    public String salt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public int attempts;

    @Column(name = "consumed_at")
    public Instant consumedAt;

    @Column(name = "client_ip")
    public String clientIp;

    /** LOGIN, or PAYOUT_PHONE for the account in accountId. */
    public String purpose = LOGIN;

    @Column(name = "account_id")
    public Long accountId;

    public static final String LOGIN = "LOGIN";
    public static final String PAYOUT_PHONE = "PAYOUT_PHONE";
}
