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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Idempotency-Key for creating POSTs (DESIGN §10): mobile networks retry, and a retry must not
 * create twice. The first request with a key claims it; its 2xx answer is stored and returned
 * again for the same key and the same body; the same key with another body is 422; a retry
 * while the first is still running is 409. A failed first attempt releases the key. Without the
 * header the request runs as usual. Records are kept for 24 hours.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    static final Duration KEEP = Duration.ofHours(24);

    private final EntityManager em;
    private final Clock clock;
    private final ObjectMapper canonical;
    private final ObjectMapper mapper;

    Idempotency(EntityManager em, Clock clock, ObjectMapper mapper) {
        this.em = em;
        this.clock = clock;
        this.mapper = mapper;
        // sorted keys: the same request always hashes the same, whatever the field order
        this.canonical = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
    }

    /**
     * Runs {@code create} at most once per (caller, key). {@code create} returns the 2xx response
     * with a JSON entity; the response to a replay carries the same status, Location and body.
     */
    public Response once(Long accountId, String key, String operation, Object request, Supplier<Response> create) {
        if (key == null || accountId == null) {
            return create.get();
        }
        if (key.isBlank() || key.length() > 128) {
            throw ApiException.invalidField(HEADER, "idempotency.key.format");
        }
        String hash = hash(operation, request);
        Object[] existing = QuarkusTransaction.requiringNew().call(() -> claim(accountId, key, operation, hash));
        if (existing != null) {
            return replay(existing, hash);
        }
        Response response;
        try {
            response = create.get();
        } catch (RuntimeException e) {
            release(accountId, key);
            throw e;
        }
        if (response.getStatus() / 100 != 2) {
            release(accountId, key);
            return response;
        }
        String body = write(response.getEntity());
        URI location = response.getLocation();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update idempotency_record set status = ?1, location = ?2, body = ?3, completed_at = ?4 "
                                + "where account_id = ?5 and idem_key = ?6")
                .setParameter(1, response.getStatus())
                .setParameter(2, location == null ? null : location.toString())
                .setParameter(3, body)
                .setParameter(4, clock.instant())
                .setParameter(5, accountId)
                .setParameter(6, key)
                .executeUpdate());
        return response;
    }

    /** A creating POST: 201 with Location {collection}/{id} and the created resource, once per key. */
    public <T> Response created(Long accountId, String key, String operation, Object request, String collection,
                                Supplier<T> create, ToLongFunction<T> idOf) {
        return once(accountId, key, operation, request, () -> {
            T created = create.get();
            return Response.created(URI.create(collection + "/" + idOf.applyAsLong(created))).entity(created).build();
        });
    }

    /** Inserts a pending record; returns the existing record's (hash, status, location, body) if the key is taken. */
    private Object[] claim(Long accountId, String key, String operation, String hash) {
        int inserted = em.createNativeQuery("insert into idempotency_record (account_id, idem_key, operation, request_hash, created_at) "
                        + "values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, accountId).setParameter(2, key).setParameter(3, operation).setParameter(4, hash)
                .setParameter(5, clock.instant())
                .executeUpdate();
        if (inserted == 1) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select request_hash, status, location, body from idempotency_record "
                        + "where account_id = ?1 and idem_key = ?2")
                .setParameter(1, accountId).setParameter(2, key).getResultList();
        return rows.isEmpty() ? new Object[] {hash, null, null, null} : rows.get(0);
    }

    private Response replay(Object[] record, String hash) {
        if (!hash.equals(record[0])) {
            throw ApiException.unprocessable("idempotency-key-reused");
        }
        if (record[1] == null) {
            throw ApiException.conflict("idempotency-in-progress").header("Retry-After", "1");
        }
        Response.ResponseBuilder rb = Response.status(((Number) record[1]).intValue())
                .type(MediaType.APPLICATION_JSON).entity(record[3]).header("Idempotent-Replay", "true");
        if (record[2] != null) {
            rb.location(URI.create((String) record[2]));
        }
        return rb.build();
    }

    private void release(Long accountId, String key) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "delete from idempotency_record where account_id = ?1 and idem_key = ?2 and status is null")
                .setParameter(1, accountId).setParameter(2, key).executeUpdate());
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from idempotency_record where created_at < ?1")
                .setParameter(1, clock.instant().minus(KEEP)).executeUpdate());
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
