package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * Idempotency-Key for creating POSTs (DOMAIN §10): mobile networks retry, and a retry must not
 * create twice. The first request with a key claims it; its 2xx answer is stored and returned
 * again for the same key and the same body; the same key with another body is 422; a retry
 * while the first is still running is 409. A failed first attempt releases the key. Without the
 * header the request runs as usual. Records are kept (and honoured) for
 * suishoupai.retention.idempotency-keys: two days by default, never less than 24 hours.
 *
 * <p>Crashes (docs/ARCHITECTURE.md §4, "Idempotency-Key"): the claim is a row with a random claim token and a
 * lease ({@link IdempotencyConfig#lease()}), committed on its own. The creation then runs in ONE transaction with
 * the recording of its answer, which updates the row only while the claim token is still this request's; the
 * creation's own {@code @Transactional} services join it. An instance killed at any point therefore leaves either
 * nothing created and the key pending, or the thing created with its answer recorded. A pending key whose lease has
 * passed is taken over by the next request with the same key and body (a new token); the request that lost its
 * claim cannot record, so its transaction rolls back and it answers 409 {@code idempotency-in-progress}.
 *
 * <p>An <em>unlinked</em> record (an anonymous report's submission) must not tie the account to
 * what it created: it is stored without the account, under 'h:' + a keyed hash of (account, key)
 * ({@link KeyedHashes}), its request hash keyed too, and its answer (Location and body, which hold
 * the report's id and claim code) encrypted with AES-GCM under a key derived from the client's own
 * Idempotency-Key, which the service never stores. Only the client that retries with the same key,
 * from the same account, finds the record and can read it: it gets its claim code back.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    private static final Logger LOG = Logger.getLogger(Idempotency.class);

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final EntityManager em;
    private final Clock clock;
    private final ObjectMapper canonical;
    private final ObjectMapper mapper;
    private final KeyedHashes keyed;
    private final Retention retention;
    private final IdempotencyConfig config;

    Idempotency(
            EntityManager em,
            Clock clock,
            ObjectMapper mapper,
            KeyedHashes keyed,
            Retention retention,
            IdempotencyConfig config) {
        this.em = em;
        this.config = config;
        this.retention = retention;
        this.keyed = keyed;
        this.clock = clock;
        this.mapper = mapper;
        // sorted keys: the same request always hashes the same, whatever the field order
        this.canonical = mapper.copy()
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
    }

    /**
     * Runs {@code create} at most once per (caller, key). {@code create} returns the 2xx response
     * with a JSON entity; the response to a replay carries the same status, Location and body.
     */
    public Response once(Long accountId, String key, String operation, Object request, Supplier<Response> create) {
        return once(accountId, false, key, operation, request, create);
    }

    /** As {@link #once(Long, String, String, Object, Supplier)}; unlinked: the record must not name the account. */
    public Response once(
            Long accountId, boolean unlinked, String key, String operation, Object request, Supplier<Response> create) {
        if (key == null || accountId == null) {
            return create.get();
        }
        if (key.isBlank() || key.length() > 128) {
            throw ApiException.invalidField(HEADER, "idempotency.key.format");
        }
        Owner owner = unlinked
                ? Owner.unlinked(keyed.hex("idempotency", accountId + "\n" + key), key)
                : new Owner(accountId, key, null);
        String hash = owner.seal(hash(operation, request));
        UUID token = UUID.randomUUID();
        Object[] existing = QuarkusTransaction.requiringNew().call(() -> claim(owner, operation, hash, token));
        if (existing != null) {
            return replay(owner, existing, hash);
        }
        try {
            // the lease is also this transaction's timeout: past it the claim may be taken over, and this cannot commit
            return QuarkusTransaction.requiringNew()
                    .timeout(leaseSeconds())
                    .call(() -> createAndRecord(owner, operation, token, create));
        } catch (RuntimeException e) {
            release(owner, token);
            throw e;
        }
    }

    /**
     * In one transaction: the creation (its services join this transaction) and its answer, recorded only while the
     * claim is still ours. A non-2xx answer is not recorded: the key is released and what the creation did commits,
     * as it would without a key.
     */
    private Response createAndRecord(Owner owner, String operation, UUID token, Supplier<Response> create) {
        Response response = create.get();
        em.flush(); // the creation's own failures (constraints, stale versions) surface here, as they did before
        if (response.getStatus() / 100 != 2) {
            deleteClaim(owner, token);
            return response;
        }
        String body = write(response.getEntity());
        String location =
                response.getLocation() == null ? null : response.getLocation().toString();
        if (owner.unlinked()) {
            body = owner.encrypt(write(new Sealed(location, body)));
            location = null;
        }
        int recorded = em.createNativeQuery(
                        "update idempotency_record set status = ?1, location = ?2, body = ?3, "
                                + "completed_at = ?4, claim_token = null, lease_until = null "
                                + "where coalesce(account_id, 0) = ?5 and idem_key = ?6 and claim_token = ?7 and status is null")
                .setParameter(1, response.getStatus())
                .setParameter(2, location)
                .setParameter(3, body)
                .setParameter(4, clock.instant())
                .setParameter(5, owner.accountId())
                .setParameter(6, owner.key())
                .setParameter(7, token)
                .executeUpdate();
        if (recorded != 1) {
            // our lease ran out and a retry with the same key took the claim over: it creates, we roll back
            LOG.warnf(
                    "An idempotent %s outlived its claim's lease (%s); rolled back in favour of the retry that took it over",
                    operation, config.lease());
            throw inProgress();
        }
        return response;
    }

    /** The answer of an unlinked record, encrypted as a whole. */
    record Sealed(String location, String body) {}

    /**
     * Whose record: an account and its key, or (unlinked) account 0 — stored as null — and the keyed
     * hash of account and key, with the AES key derived from the client's key.
     */
    private record Owner(long accountId, String key, byte[] secret) {

        static Owner unlinked(String lookup, String clientKey) {
            byte[] k = Hashes.hmacSha256(
                    clientKey.getBytes(StandardCharsets.UTF_8),
                    ("suishoupai-idempotency\n" + lookup).getBytes(StandardCharsets.UTF_8));
            return new Owner(0, "h:" + lookup, k);
        }

        boolean unlinked() {
            return secret != null;
        }

        /** The request hash as stored: keyed by the client's key when unlinked, so it cannot be recomputed. */
        String seal(String requestHash) {
            return unlinked()
                    ? HexFormat.of().formatHex(Hashes.hmacSha256(secret, requestHash.getBytes(StandardCharsets.UTF_8)))
                    : requestHash;
        }

        String encrypt(String plain) {
            try {
                byte[] iv = new byte[12];
                RANDOM.nextBytes(iv);
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(
                        javax.crypto.Cipher.ENCRYPT_MODE,
                        new javax.crypto.spec.SecretKeySpec(secret, "AES"),
                        new javax.crypto.spec.GCMParameterSpec(128, iv));
                byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
                byte[] out = new byte[iv.length + ct.length];
                System.arraycopy(iv, 0, out, 0, iv.length);
                System.arraycopy(ct, 0, out, iv.length, ct.length);
                return "v1:" + Base64.getEncoder().encodeToString(out);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String decrypt(String stored) {
            try {
                byte[] in = Base64.getDecoder().decode(stored.substring(3));
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(
                        javax.crypto.Cipher.DECRYPT_MODE,
                        new javax.crypto.spec.SecretKeySpec(secret, "AES"),
                        new javax.crypto.spec.GCMParameterSpec(128, in, 0, 12));
                return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("Cannot open an idempotency record", e);
            }
        }
    }

    /** A creating POST: 201 with Location {collection}/{id} and the created resource, once per key. */
    public <T> Response created(
            Long accountId,
            String key,
            String operation,
            Object request,
            String collection,
            Supplier<T> create,
            ToLongFunction<T> idOf) {
        return created(accountId, false, key, operation, request, collection, create, idOf);
    }

    /** As above; unlinked: the record must not tie the account to what was created (see the class comment). */
    public <T> Response created(
            Long accountId,
            boolean unlinked,
            String key,
            String operation,
            Object request,
            String collection,
            Supplier<T> create,
            ToLongFunction<T> idOf) {
        return once(accountId, unlinked, key, operation, request, () -> {
            T created = create.get();
            return Response.created(URI.create(collection + "/" + idOf.applyAsLong(created)))
                    .entity(created)
                    .build();
        });
    }

    /**
     * Claims the key for this request: inserts a pending record with our token and lease, or takes over a pending one
     * with the same request hash whose lease has passed (its request died or can no longer commit). Returns null when
     * the key is ours, else the existing record's (hash, status, location, body).
     */
    private Object[] claim(Owner owner, String operation, String hash, UUID token) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object> claimed = em.createNativeQuery("insert into idempotency_record as r "
                        + "(account_id, idem_key, operation, request_hash, created_at, claim_token, lease_until) "
                        + "values (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7) "
                        + "on conflict ((coalesce(account_id, 0)), idem_key) do update "
                        + "set claim_token = excluded.claim_token, lease_until = excluded.lease_until "
                        + "where r.status is null and r.request_hash = excluded.request_hash "
                        + "and (r.lease_until <= ?5 or (r.lease_until is null and r.created_at <= ?8)) "
                        + "returning (xmax = 0)")
                .setParameter(1, owner.accountId())
                .setParameter(2, owner.key())
                .setParameter(3, operation)
                .setParameter(4, hash)
                .setParameter(5, now)
                .setParameter(6, token)
                .setParameter(7, now.plus(config.lease()))
                .setParameter(8, now.minus(config.lease()))
                .getResultList();
        if (!claimed.isEmpty()) {
            if (!Boolean.TRUE.equals(claimed.get(0))) {
                LOG.warnf(
                        "Took over an unanswered Idempotency-Key of %s whose lease had run out (its request died or "
                                + "ran longer than %s; nothing of it was committed)",
                        operation, config.lease());
            }
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select request_hash, status, location, body from idempotency_record "
                                + "where coalesce(account_id, 0) = ?1 and idem_key = ?2")
                .setParameter(1, owner.accountId())
                .setParameter(2, owner.key())
                .getResultList();
        return rows.isEmpty() ? new Object[] {hash, null, null, null} : rows.get(0);
    }

    private Response replay(Owner owner, Object[] record, String hash) {
        if (!hash.equals(record[0])) {
            throw ApiException.unprocessable("idempotency-key-reused");
        }
        if (record[1] == null) {
            throw inProgress();
        }
        String location = (String) record[2];
        String body = (String) record[3];
        if (owner.unlinked()) {
            try {
                Sealed sealed = mapper.readValue(owner.decrypt(body), Sealed.class);
                location = sealed.location();
                body = sealed.body();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot read an idempotency record", e);
            }
        }
        Response.ResponseBuilder rb = Response.status(((Number) record[1]).intValue())
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .header("Idempotent-Replay", "true");
        if (location != null) {
            rb.location(URI.create(location));
        }
        return rb.build();
    }

    private static ApiException inProgress() {
        return ApiException.conflict("idempotency-in-progress").header("Retry-After", "1");
    }

    private int leaseSeconds() {
        return (int) Math.max(1, config.lease().toSeconds());
    }

    /**
     * Our claim, if it is still ours and unanswered: the key is free again at once. If even that fails (the database
     * is gone), the key is free when the lease ends; the request's own failure is what the client hears of.
     */
    private void release(Owner owner, UUID token) {
        try {
            QuarkusTransaction.requiringNew().run(() -> deleteClaim(owner, token));
        } catch (RuntimeException e) {
            LOG.warnf("Could not release an Idempotency-Key after a failed request; it is free after its lease: %s", e);
        }
    }

    private void deleteClaim(Owner owner, UUID token) {
        em.createNativeQuery("delete from idempotency_record where coalesce(account_id, 0) = ?1 and idem_key = ?2 "
                        + "and claim_token = ?3 and status is null")
                .setParameter(1, owner.accountId())
                .setParameter(2, owner.key())
                .setParameter(3, token)
                .executeUpdate();
    }

    /** Lease outside 1 s .. 10 min stops the start. */
    void onStart(@Observes StartupEvent ev) {
        Duration lease = config.lease();
        if (lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalStateException("suishoupai.idempotency.lease must be between PT1S and PT10M");
        }
    }

    @Scheduled(
            every = "${suishoupai.retention.interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledExpire() {
        expire();
    }

    /** Deletes the records older than suishoupai.retention.idempotency-keys. */
    public long expire() {
        return retention.purge(
                "idempotency records",
                "delete from idempotency_record where (coalesce(account_id, 0), idem_key) in (select coalesce(account_id, 0), "
                        + "idem_key from idempotency_record where created_at < :before order by created_at "
                        + "limit :batch for update skip locked)",
                clock.instant().minus(retention.config().idempotencyKeys()));
    }

    String hash(String operation, Object request) {
        try {
            return Hashes.sha256(operation + "\n" + canonical.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise request for hashing", e);
        }
    }

    private String write(Object entity) {
        try {
            return mapper.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise response", e);
        }
    }
}
