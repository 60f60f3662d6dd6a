package cn.suishoupai.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

@Entity
public class Account extends PanacheEntityBase {

    public enum Kind {
        STAFF,
        RESIDENT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String username;

    public String passwordHash;

    public String displayName;

    public String phone;

    public String wechatOpenid;

    /** A verified payout phone (收款手机号) the resident set; null: their login phone, if any. */
    public String payoutPhone;

    public Instant payoutPhoneVerifiedAt;

    public Long unitId;

    public boolean enabled = true;

    public int failedLogins;

    public Instant firstFailedAt;

    public Instant lockedUntil;

    public Instant createdAt;

    public Instant updatedAt;

    @Version
    public long version;

    /** Bumped when the account's sessions must end at once (disable, rescope, password reset); tokens carry it. */
    public int sessionVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "account_role")
    @Column(name = "role")
    public Set<String> roles = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "account_region")
    @Column(name = "region_id")
    public Set<Long> regionIds = new HashSet<>();

    /** Where phone-credit rewards go: the verified payout phone, else the phone the resident logs in with (verified by it). */
    public String payoutPhone() {
        return payoutPhone != null ? payoutPhone : phone;
    }

    /** Ends every session of this account: refresh tokens are revoked by the caller, access tokens die on their next use. */
    void endSessions() {
        sessionVersion++;
    }

    public boolean isStaff() {
        return kind == Kind.STAFF;
    }

    /** Applies the outcome of a lockout decision to this account. */
    void apply(LockoutPolicy.State state, Instant now) {
        this.failedLogins = state.failures();
        this.firstFailedAt = state.firstFailureAt();
        this.lockedUntil = state.lockedUntil();
        this.updatedAt = now;
    }

    LockoutPolicy.State lockoutState() {
        return new LockoutPolicy.State(failedLogins, firstFailedAt, lockedUntil);
    }
}
