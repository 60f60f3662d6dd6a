package cn.suishoupai.open311;

import cn.suishoupai.audit.Audit;
import cn.suishoupai.audit.Audit.Target;
import cn.suishoupai.common.Actor;
import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Json;
import cn.suishoupai.common.KeyedHashes;
import cn.suishoupai.common.Problem;
import cn.suishoupai.common.RateBudget;
import cn.suishoupai.region.RegionNames;
import cn.suishoupai.region.RegionScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Partner systems' API keys (issue 16): issued by an admin for townships within the admin's scope, shown once, stored
 * as a keyed hash ({@link KeyedHashes}, like claim codes), revocable, each with its own hourly budget in the shared
 * {@link RateBudget}. Issuing and revoking are audited; so is every request filed with a key (report's intake).
 */
@ApplicationScoped
public class Open311Keys {

    static final String PREFIX = "o311_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as listed: never the key itself. */
    @Schema(name = "Open311KeyView")
    public record KeyView(
            long id,
            String name,
            String keyPrefix,
            List<String> townships,
            boolean linkResidents,
            int perHour,
            Instant createdAt,
            Instant revokedAt,
            Instant lastUsedAt) {}

    /** A new key: {@code key} is shown this once. */
    @Schema(name = "Open311KeyIssued")
    public record Issued(KeyView view, String key) {}

    /** What a request with a valid key may do. */
    public record Client(long id, String name, Set<Long> townshipIds, boolean linkResidents) {

        Actor actor(String clientIp) {
            return Actor.of(null, "open311:" + id + ":" + name, clientIp);
        }
    }

    private final KeyedHashes keyed;
    private final RateBudget budget;
    private final RegionNames regionNames;
    private final Audit audit;
    private final Json json;
    private final Clock clock;

    Open311Keys(KeyedHashes keyed, RateBudget budget, RegionNames regionNames, Audit audit, Json json, Clock clock) {
        this.keyed = keyed;
        this.budget = budget;
        this.regionNames = regionNames;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Issued issue(Actor actor, String name, List<String> townshipCodes, int perHour, boolean linkResidents) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<Long> townships = new LinkedHashSet<>();
        for (int i = 0; i < townshipCodes.size(); i++) {
            Long id = regionNames.townshipId(townshipCodes.get(i));
            if (id == null) {
                errors.add(new Problem.FieldError("townships[" + i + "]", "field.open311.township"));
            } else {
                townships.add(id);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        RegionScope.require(actor, townships);
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Open311Key k = new Open311Key();
        k.name = name.strip();
        k.keyHash = hash(key);
        k.keyPrefix = key.substring(0, 10);
        k.townshipIds = new ArrayList<>(townships);
        k.linkResidents = linkResidents;
        k.perHour = perHour;
        k.createdAt = clock.instant();
        k.createdBy = actor.id();
        k.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", k.name);
        details.put("townshipIds", k.townshipIds);
        details.put("perHour", perHour);
        details.put("linkResidents", linkResidents);
        audit.record(actor, "OPEN311_KEY_ISSUED", Target.of("open311_key", k.id), json.write(details));
        return new Issued(view(k), key);
    }

    /** The keys whose townships all lie within the admin's scope, newest first. */
    @Transactional
    public List<KeyView> list(Actor actor) {
        return Open311Key.all().stream()
                .filter(k -> RegionScope.visible(actor, k.townshipIds))
                .map(this::view)
                .toList();
    }

    @Transactional
    public KeyView revoke(Actor actor, long id) {
        Open311Key k = Open311Key.findById(id);
        if (k == null) {
            throw ApiException.notFound("open311-key-not-found", id);
        }
        RegionScope.requireVisible(actor, k.townshipIds, "open311-key-not-found", id);
        if (k.revokedAt == null) {
            k.revokedAt = clock.instant();
            k.revokedBy = actor.id();
            audit.record(actor, "OPEN311_KEY_REVOKED", Target.of("open311_key", k.id), null);
        }
        return view(k);
    }

    /**
     * The client of this key, its hourly budget taken (429 {@code open311-rate-limited} when spent), or null for a
     * missing, unknown or revoked key.
     */
    public Client authenticate(String key) {
        if (key == null || key.isBlank() || key.length() > 100 || !key.startsWith(PREFIX)) {
            return null;
        }
        Active active = QuarkusTransaction.requiringNew().call(() -> {
            Open311Key k = Open311Key.byHash(hash(key.strip()));
            if (k == null || k.revokedAt != null) {
                return null;
            }
            k.lastUsedAt = clock.instant();
            return new Active(new Client(k.id, k.name, Set.copyOf(k.townshipIds), k.linkResidents), k.perHour);
        });
        if (active == null) {
            return null;
        }
        budget.take(
                "open311",
                List.of(new RateBudget.Limit(
                        "key", "key:" + active.client().id(), Duration.ofHours(1), active.perHour())),
                "open311-rate-limited");
        return active.client();
    }

    private record Active(Client client, int perHour) {}

    private String hash(String key) {
        return keyed.hex("open311-key", key);
    }

    private KeyView view(Open311Key k) {
        Map<Long, String> codes = regionNames.regionCodes(k.townshipIds);
        return new KeyView(
                k.id,
                k.name,
                k.keyPrefix,
                k.townshipIds.stream().map(codes::get).toList(),
                k.linkResidents,
                k.perHour,
                k.createdAt,
                k.revokedAt,
                k.lastUsedAt);
    }
}
