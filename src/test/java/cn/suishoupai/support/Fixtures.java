package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.PasswordHasher;
import cn.suishoupai.identity.TokenService;
import cn.suishoupai.region.HazardCategory;
import cn.suishoupai.region.Region;
import cn.suishoupai.region.Unit;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-data builders. Every name is unique, so tests do not depend on each other or on order.
 */
@ApplicationScoped
public class Fixtures {

    public static final String PASSWORD = "Passw0rd-test";
    private static final AtomicInteger SEQ = new AtomicInteger();
    /** One bcrypt per run, not per account: hashing is deliberately slow. */
    private String passwordHash;

    @Inject
    PasswordHasher hasher;

    @Inject
    TokenService tokens;

    public static String unique(String prefix) {
        return prefix + "-" + System.nanoTime() % 1_000_000 + "-" + SEQ.incrementAndGet();
    }

    @Transactional
    public Region region(Region.Level level, Region parent) {
        Region r = new Region();
        r.code = unique(level.name());
        r.name = r.code;
        r.level = level;
        r.parentId = parent == null ? null : parent.id;
        r.createdAt = Instant.now();
        r.persist();
        return r;
    }

    /** district → township, returns the township. */
    public Region township() {
        return region(Region.Level.TOWNSHIP, region(Region.Level.DISTRICT, null));
    }

    @Transactional
    public Unit unit(Long regionId) {
        return unit(regionId, Unit.Type.DEPARTMENT);
    }

    @Transactional
    public Unit unit(Long regionId, Unit.Type type) {
        Unit u = new Unit();
        u.code = unique("U");
        u.name = u.code;
        u.type = type;
        u.createdAt = Instant.now();
        if (regionId != null) {
            u.regionIds.add(regionId);
        }
        u.persist();
        return u;
    }

    @Transactional
    public HazardCategory category(String prefix, boolean autoDispatch) {
        HazardCategory c = new HazardCategory();
        c.code = unique(prefix);
        c.nameZh = c.code;
        c.nameEn = c.code;
        c.defaultSeverity = "GENERAL";
        c.autoDispatch = autoDispatch;
        c.persist();
        return c;
    }

    @Transactional
    public Account staff(Set<String> roles, Long unitId, Set<Long> regionIds) {
        if (passwordHash == null) {
            passwordHash = hasher.hash(PASSWORD);
        }
        Account a = new Account();
        a.kind = Account.Kind.STAFF;
        a.username = unique("user");
        a.displayName = a.username;
        a.passwordHash = passwordHash;
        a.roles.addAll(roles);
        a.unitId = unitId;
        a.regionIds.addAll(regionIds);
        a.createdAt = Instant.now();
        a.updatedAt = a.createdAt;
        a.persist();
        return a;
    }

    /** A resident as WeChat login would create one, with a name, phone and openid to keep private. */
    @Transactional
    public Account resident() {
        Account a = new Account();
        a.kind = Account.Kind.RESIDENT;
        String n = unique("r");
        a.displayName = "居民" + n;
        a.phone = "139" + String.format("%08d", Math.floorMod(n.hashCode(), 100_000_000));
        a.wechatOpenid = "openid-" + n;
        a.roles.add("resident");
        a.createdAt = Instant.now();
        a.updatedAt = a.createdAt;
        a.persist();
        return a;
    }

    /** An access token for any account (residents have no password to log in with). */
    @Transactional
    public String tokenFor(long accountId) {
        Account a = Account.findById(accountId);
        return tokens.issue(a).accessToken();
    }

    public Account admin() {
        return staff(Set.of("admin"), null, Set.of());
    }

    /** Logs a staff account in through the API and returns its access token. */
    public static String token(Account a) {
        return login(a.username, PASSWORD);
    }

    public static String login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }

    @Transactional
    public Account reload(long id) {
        Account a = Account.findById(id);
        a.roles.size();
        a.regionIds.size();
        return a;
    }
}
