package cn.suishoupai.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Idempotency-Key for creating POSTs (DOMAIN §10): mobile networks retry, and a retry must not
 * create twice. The first request with a key claims it; its 2xx answer is stored and returned
 * again for the same key and the same body; the same key with another body is 422; a retry
 * while the first is still running is 409. A failed first attempt releases the key. Without the
 * header the request runs as usual. Records are kept (and honoured) for
 * suishoupai.retention.idempotency-keys: two days by default, never less than 24 hours.
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

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final EntityManager em;
    private final Clock clock;
    private final ObjectMapper canonical;
    private final ObjectMapper mapper;
    private final KeyedHashes keyed;
    private final Retention retention;

    Idempotency(EntityManager em, Clock clock, ObjectMapper mapper, KeyedHashes keyed, Retention retention) {
        this.em = em;
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
        Object[] existing = QuarkusTransaction.requiringNew().call(() -> claim(owner, operation, hash));
        if (existing != null) {
            return replay(owner, existing, hash);
        }
        Response response;
        try {
            response = create.get();
        } catch (RuntimeException e) {
            release(owner);
            throw e;
        }
        if (response.getStatus() / 100 != 2) {
            release(owner);
            return response;
        }
        String body = write(response.getEntity());
        String location =
                response.getLocation() == null ? null : response.getLocation().toString();
        if (owner.unlinked()) {
            body = owner.encrypt(write(new Sealed(location, body)));
            location = null;
        }
        String storedBody = body;
        String storedLocation = location;
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "update idempotency_record set status = ?1, location = ?2, body = ?3, completed_at = ?4 "
                                        + "where coalesce(account_id, 0) = ?5 and idem_key = ?6")
                        .setParameter(1, response.getStatus())
                        .setParameter(2, storedLocation)
                        .setParameter(3, storedBody)
                        .setParameter(4, clock.instant())
                        .setParameter(5, owner.accountId())
                        .setParameter(6, owner.key())
                        .executeUpdate());
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

    /** Inserts a pending record; returns the existing record's (hash, status, location, body) if the key is taken. */
    private Object[] claim(Owner owner, String operation, String hash) {
        int inserted = em.createNativeQuery(
                        "insert into idempotency_record (account_id, idem_key, operation, request_hash, created_at) "
                                + "values (nullif(?1, 0), ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, owner.accountId())
                .setParameter(2, owner.key())
                .setParameter(3, operation)
                .setParameter(4, hash)
                .setParameter(5, clock.instant())
                .executeUpdate();
        if (inserted == 1) {
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
            throw ApiException.conflict("idempotency-in-progress").header("Retry-After", "1");
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

    private void release(Owner owner) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "delete from idempotency_record where coalesce(account_id, 0) = ?1 and idem_key = ?2 and status is null")
                        .setParameter(1, owner.accountId())
                        .setParameter(2, owner.key())
                        .executeUpdate());
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
