package cn.suishoupai.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Offline validation of rendered manifests (no cluster, no network).
 *
 * <ul>
 *   <li>Built-in kinds are read into fabric8's typed Kubernetes model. The model keeps unknown fields and values of
 *       the wrong type in {@code additionalProperties} instead of failing, so every object of the result is walked
 *       and any such leftover is an error; so is a value that does not read back as written (a quoted number, say),
 *       a malformed quantity, a value outside the API's enumerations and a non-percentage string where an
 *       int-or-string must be a number or a percentage.
 *   <li>Custom resources (CloudNativePG Cluster and ScheduledBackup, MinIO Tenant, Prometheus Operator
 *       ServiceMonitor) are checked against structural schemas in src/test/resources/kubernetes-crd-schemas: the
 *       operators' field names, types, enumerations and required fields for the part of their API these manifests
 *       may use (closed objects: an unknown field fails); embedded core types (resources, affinity, env,
 *       security contexts, volume claims) go through the typed model as above.
 *   <li>Any other apiVersion/kind is an error.
 * </ul>
 */
final class ManifestValidator {

    static final KubernetesSerialization K8S = new KubernetesSerialization();

    private static final Map<String, Class<?>> TYPED = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final Map<String, String> CRD_SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "cnpg-cluster.yaml",
            "postgresql.cnpg.io/v1/ScheduledBackup", "cnpg-scheduledbackup.yaml",
            "minio.min.io/v2/Tenant", "minio-tenant.yaml",
            "monitoring.coreos.com/v1/ServiceMonitor", "servicemonitor.yaml");

    /** Enumerations of the core API that the model keeps as plain strings, by field name. */
    private static final Map<String, Set<String>> ENUMS = Map.ofEntries(
            Map.entry("imagePullPolicy", Set.of("Always", "IfNotPresent", "Never")),
            Map.entry("pathType", Set.of("Exact", "Prefix", "ImplementationSpecific")),
            Map.entry("protocol", Set.of("TCP", "UDP", "SCTP")),
            Map.entry("restartPolicy", Set.of("Always", "OnFailure", "Never")),
            Map.entry("whenUnsatisfiable", Set.of("DoNotSchedule", "ScheduleAnyway")),
            Map.entry("fsGroupChangePolicy", Set.of("OnRootMismatch", "Always")),
            Map.entry("scheme", Set.of("HTTP", "HTTPS")));

    private static final Pattern DNS_1123 =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern PERCENT = Pattern.compile("\\d+%");

    private ManifestValidator() {}

    /** Every problem found in the documents, each naming the document and the field; empty when all is well. */
    static List<String> validate(List<Map<String, Object>> docs) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> doc : docs) {
            String id = doc.get("kind") + "/" + Kustomize.name(doc);
            Object meta = doc.get("metadata");
            String ns = meta instanceof Map<?, ?> m ? String.valueOf(m.get("namespace")) : "";
            if (!seen.add(doc.get("apiVersion") + "/" + id + "@" + ns)) {
                problems.add(id + ": defined twice");
            }
            validate(doc, id, problems);
        }
        return problems;
    }

    static void validate(Map<String, Object> doc, String id, List<String> problems) {
        String type = doc.get("apiVersion") + "/" + doc.get("kind");
        String name = Kustomize.name(doc);
        if (name == null || name.length() > 253 || !DNS_1123.matcher(name).matches()) {
            problems.add(id + ": metadata.name '" + name + "' is not a DNS-1123 name");
        }
        if (TYPED.containsKey(type)) {
            typed(doc, TYPED.get(type), id, problems);
            enums(doc, id, problems);
            if ("apps/v1/Deployment".equals(type)) {
                Deployment d = K8S.convertValue(doc, Deployment.class);
                var rolling = d.getSpec() == null || d.getSpec().getStrategy() == null
                        ? null
                        : d.getSpec().getStrategy().getRollingUpdate();
                if (rolling != null) {
                    percentOrInt(rolling.getMaxSurge(), id + ": spec.strategy.rollingUpdate.maxSurge", problems);
                    percentOrInt(
                            rolling.getMaxUnavailable(), id + ": spec.strategy.rollingUpdate.maxUnavailable", problems);
                }
            }
            if ("policy/v1/PodDisruptionBudget".equals(type)) {
                PodDisruptionBudget p = K8S.convertValue(doc, PodDisruptionBudget.class);
                if (p.getSpec() != null) {
                    percentOrInt(p.getSpec().getMinAvailable(), id + ": spec.minAvailable", problems);
                    percentOrInt(p.getSpec().getMaxUnavailable(), id + ": spec.maxUnavailable", problems);
                }
            }
        } else if (CRD_SCHEMAS.containsKey(type)) {
            Map<String, Object> schema = schema(CRD_SCHEMAS.get(type));
            schema(doc, schema, schema, id, problems);
        } else {
            problems.add(id + ": unknown apiVersion/kind " + type + " (not a kind this validator knows)");
        }
    }

    /** Reads {@code value} into {@code type} strictly: see the class comment. */
    static void typed(Object value, Class<?> type, String where, List<String> problems) {
        Object typed;
        try {
            typed = K8S.convertValue(value, type);
        } catch (RuntimeException e) {
            problems.add(where + ": not a " + type.getSimpleName() + ": " + e.getMessage());
            return;
        }
        leftovers(typed, where, problems);
        Object back = K8S.convertValue(typed, Object.class);
        sameValues(value, back, where, problems);
    }

    private static void leftovers(Object o, String path, List<String> problems) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            return;
        }
        if (o instanceof Quantity q) {
            try {
                Quantity.getAmountInBytes(q);
            } catch (RuntimeException e) {
                problems.add(path + ": '" + q + "' is not a quantity");
            }
            return;
        }
        if (o instanceof IntOrString) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> leftovers(v, path + "." + k, problems));
            return;
        }
        if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                leftovers(l.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class
                    || !m.getName().startsWith("get")) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field or value of the wrong type: " + extra.keySet() + " in "
                            + o.getClass().getSimpleName());
                }
                continue;
            }
            String property =
                    Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            leftovers(v, path + "." + property, problems);
        }
    }

    /** Every value written must read back the same (numbers may come back as the quantities' strings). */
    private static void sameValues(Object written, Object back, String path, List<String> problems) {
        if (written instanceof Map<?, ?> w) {
            if (!(back instanceof Map<?, ?> b)) {
                if (!w.isEmpty()) {
                    problems.add(path + ": reads back as " + back);
                }
                return;
            }
            w.forEach((k, v) -> {
                if (!b.containsKey(k)) {
                    if (!isEmpty(v)) {
                        problems.add(path + "." + k + ": dropped by the model");
                    }
                } else {
                    sameValues(v, b.get(k), path + "." + k, problems);
                }
            });
        } else if (written instanceof List<?> w) {
            if (!(back instanceof List<?> b) || b.size() != w.size()) {
                if (!w.isEmpty()) {
                    problems.add(path + ": reads back as " + back);
                }
                return;
            }
            for (int i = 0; i < w.size(); i++) {
                sameValues(w.get(i), b.get(i), path + "[" + i + "]", problems);
            }
        } else if (written instanceof Number n && back instanceof Number b) {
            if (new java.math.BigDecimal(n.toString()).compareTo(new java.math.BigDecimal(b.toString())) != 0) {
                problems.add(path + ": " + n + " reads back as " + b);
            }
        } else if (written instanceof Number n && back instanceof String s) {
            if (!s.equals(n.toString())) {
                problems.add(path + ": " + n + " reads back as '" + s + "'");
            }
        } else if (!Objects.equals(written, back)) {
            problems.add(path + ": '" + written + "' (" + type(written) + ") reads back as '" + back + "' ("
                    + type(back) + "): wrong type?");
        }
    }

    private static boolean isEmpty(Object v) {
        return v == null || (v instanceof Map<?, ?> m && m.isEmpty()) || (v instanceof List<?> l && l.isEmpty());
    }

    private static String type(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    private static void enums(Object node, String path, List<String> problems) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                Set<String> allowed = ENUMS.get(k);
                if (allowed != null && v instanceof String s && !allowed.contains(s)) {
                    problems.add(path + "." + k + ": '" + s + "' is not one of " + allowed);
                }
                enums(v, path + "." + k, problems);
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                enums(l.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static void percentOrInt(IntOrString v, String where, List<String> problems) {
        if (v != null
                && v.getStrVal() != null
                && !PERCENT.matcher(v.getStrVal()).matches()) {
            problems.add(where + ": '" + v.getStrVal() + "' must be a number or a percentage (a quoted number is"
                    + " refused by the API server)");
        }
    }

    // ----- structural schemas of the custom resources -------------------------------------------------------

    static Map<String, Object> schema(String file) {
        String resource = "/kubernetes-crd-schemas/" + file;
        try (InputStream in = ManifestValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = Kustomize.YAML.readValue(in, Map.class);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A subset of OpenAPI v3 as CRDs use it ({@code $ref} names an entry of the root's {@code definitions}), plus
     * x-fabric8: the name of a model class to read the value with.
     */
    static void schema(
            Object value, Map<String, Object> schema, Map<String, Object> root, String path, List<String> problems) {
        if (schema.get("$ref") instanceof String ref) {
            schema = Kustomize.map(Kustomize.map(root.get("definitions")).get(ref));
        }
        if (schema.containsKey("x-fabric8")) {
            try {
                typed(value, Class.forName((String) schema.get("x-fabric8")), path, problems);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Integer || value instanceof String)) {
                problems.add(path + ": expected an integer or a string, found " + value);
            }
            return;
        }
        String type = (String) schema.get("type");
        boolean ok = switch (type == null ? "" : type) {
            case "object" -> value instanceof Map<?, ?>;
            case "array" -> value instanceof List<?>;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> throw new IllegalStateException(path + ": schema without a known type: " + schema);
        };
        if (!ok) {
            problems.add(path + ": expected " + type + ", found " + type(value) + " '" + value + "'");
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            problems.add(path + ": '" + value + "' is not one of " + allowed);
        }
        if (schema.get("minimum") instanceof Number min && ((Number) value).longValue() < min.longValue()) {
            problems.add(path + ": " + value + " is below the minimum " + min);
        }
        if (schema.get("pattern") instanceof String p
                && !Pattern.compile(p).matcher((String) value).find()) {
            problems.add(path + ": '" + value + "' does not match " + p);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> properties =
                    schema.containsKey("properties") ? Kustomize.map(schema.get("properties")) : Map.of();
            Object additional = schema.get("additionalProperties");
            for (var e : m.entrySet()) {
                String key = (String) e.getKey();
                if (properties.containsKey(key)) {
                    schema(e.getValue(), Kustomize.map(properties.get(key)), root, path + "." + key, problems);
                } else if (additional instanceof Map<?, ?>) {
                    schema(e.getValue(), Kustomize.map(additional), root, path + "." + key, problems);
                } else if (!Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
                    problems.add(path + ": unknown field '" + key + "'");
                }
            }
            for (Object required : Kustomize.list(schema.get("required"))) {
                if (!m.containsKey(required)) {
                    problems.add(path + ": required field '" + required + "' is missing");
                }
            }
        }
        if (value instanceof List<?> l && schema.get("items") != null) {
            for (int i = 0; i < l.size(); i++) {
                schema(l.get(i), Kustomize.map(schema.get("items")), root, path + "[" + i + "]", problems);
            }
        }
    }
}
