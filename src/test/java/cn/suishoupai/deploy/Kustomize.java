package cn.suishoupai.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a kustomize tree the way {@code kubectl kustomize} does, for the subset deploy/kubernetes uses:
 * {@code resources} (files and directories), {@code patches} (strategic-merge patch files, several documents per
 * file, matched by apiVersion, kind and name), {@code namespace}, {@code replicas} and {@code images}. Any other
 * field of a kustomization, a patch directive ({@code $patch}) or a patch that matches nothing is an error, so the
 * renderer never silently differs from kustomize; where kubectl is installed, KubernetesManifestsTest also compares
 * the two.
 *
 * <p>Strategic merge: maps merge key by key ({@code null} removes a key); the lists Kubernetes declares with a merge
 * key (containers, env, volumes, volumeMounts, ports, topologySpreadConstraints …) merge item by item for the
 * built-in kinds; every other list, and every list of a custom resource, is replaced whole.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "resources", "patches", "namespace", "replicas", "images");

    /** Built-in list fields with a patch merge key (Kubernetes' patchMergeKey), by field name. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "imagePullSecrets", "name",
            "topologySpreadConstraints", "topologyKey");

    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume");

    private static final Set<String> REPLICATED = Set.of("Deployment", "StatefulSet", "ReplicaSet");

    private Kustomize() {}

    /** The documents the kustomization in {@code dir} produces, in resource order. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> k = readOne(dir.resolve("kustomization.yaml"));
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(
                        dir + "/kustomization.yaml: field '" + key + "' is not supported by this renderer");
            }
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path p = dir.resolve((String) r).normalize();
            if (Files.isDirectory(p)) {
                docs.addAll(render(p));
            } else {
                if (!p.startsWith(dir.normalize())) {
                    // kustomize's default load restrictions refuse files outside the kustomization's root
                    throw new IllegalArgumentException(dir + ": resource file " + r + " is outside its directory");
                }
                docs.addAll(readAll(p));
            }
        }
        for (Object entry : list(k.get("patches"))) {
            Map<String, Object> patch = map(entry);
            if (patch.keySet().stream().anyMatch(key -> !key.equals("path"))) {
                throw new IllegalArgumentException(dir + ": only patches with a path are supported: " + patch);
            }
            for (Map<String, Object> p : readAll(dir.resolve((String) patch.get("path")))) {
                Map<String, Object> target = docs.stream()
                        .filter(d -> Objects.equals(d.get("apiVersion"), p.get("apiVersion"))
                                && Objects.equals(d.get("kind"), p.get("kind"))
                                && Objects.equals(name(d), name(p)))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                dir + ": patch " + p.get("kind") + "/" + name(p) + " matches no resource"));
                boolean builtin = !String.valueOf(p.get("apiVersion")).contains(".")
                        || String.valueOf(p.get("apiVersion")).contains(".k8s.io/");
                merge(target, p, builtin, p.get("kind") + "/" + name(p));
            }
        }
        Object ns = k.get("namespace");
        if (ns != null) {
            for (Map<String, Object> d : docs) {
                if (!CLUSTER_SCOPED.contains(d.get("kind"))) {
                    map(d.get("metadata")).put("namespace", ns);
                }
            }
        }
        for (Object entry : list(k.get("replicas"))) {
            Map<String, Object> r = map(entry);
            docs.stream()
                    .filter(d ->
                            REPLICATED.contains(d.get("kind")) && r.get("name").equals(name(d)))
                    .forEach(d -> map(d.get("spec")).put("replicas", r.get("count")));
        }
        for (Object entry : list(k.get("images"))) {
            Map<String, Object> image = map(entry);
            for (Map<String, Object> d : docs) {
                setImages(d, image);
            }
        }
        return docs;
    }

    static List<Map<String, Object>> readAll(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<Map<String, Object>> docs = new ArrayList<>();
            var it = YAML.readValues(parser, Map.class);
            while (it.hasNext()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static Map<String, Object> readOne(Path file) {
        List<Map<String, Object>> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one document, found " + docs.size());
        }
        return docs.get(0);
    }

    static String name(Map<String, Object> doc) {
        Object meta = doc.get("metadata");
        return meta instanceof Map<?, ?> m ? (String) m.get("name") : null;
    }

    private static void merge(Map<String, Object> target, Map<String, Object> patch, boolean builtin, String where) {
        for (var e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException(where + ": patch directive " + key + " is not supported");
            }
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> && current instanceof Map<?, ?>) {
                merge(map(current), map(value), builtin, where + "." + key);
            } else if (builtin
                    && MERGE_KEYS.containsKey(key)
                    && value instanceof List<?> items
                    && current instanceof List<?> existing) {
                target.put(key, mergeList(existing, items, MERGE_KEYS.get(key), builtin, where + "." + key));
            } else {
                target.put(key, copy(value));
            }
        }
    }

    private static List<Object> mergeList(
            List<?> existing, List<?> items, String mergeKey, boolean builtin, String where) {
        List<Object> result = new ArrayList<>();
        existing.forEach(x -> result.add(copy(x)));
        for (Object item : items) {
            Map<String, Object> patchItem = map(item);
            Object key = patchItem.get(mergeKey);
            Map<String, Object> match = result.stream()
                    .map(Kustomize::map)
                    .filter(x -> Objects.equals(x.get(mergeKey), key))
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                result.add(copy(patchItem));
            } else {
                merge(match, patchItem, builtin, where + "[" + key + "]");
            }
        }
        return result;
    }

    private static void setImages(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                if (("containers".equals(e.getKey()) || "initContainers".equals(e.getKey()))
                        && e.getValue() instanceof List<?> containers) {
                    for (Object c : containers) {
                        Map<String, Object> container = map(c);
                        Object current = container.get("image");
                        if (current instanceof String s && imageName(s).equals(image.get("name"))) {
                            String newName = (String) image.getOrDefault("newName", imageName(s));
                            String tag = image.containsKey("newTag")
                                    ? String.valueOf(image.get("newTag"))
                                    : s.substring(imageName(s).length()).replaceFirst("^:", "");
                            container.put("image", tag.isEmpty() ? newName : newName + ":" + tag);
                        }
                    }
                }
                setImages(e.getValue(), image);
            }
        } else if (node instanceof List<?> l) {
            l.forEach(x -> setImages(x, image));
        }
    }

    private static String imageName(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.indexOf(':', slash + 1);
        int at = image.indexOf('@');
        int end = at >= 0 ? at : colon >= 0 ? colon : image.length();
        return image.substring(0, end);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a map, found " + o);
        }
        return (Map<String, Object>) o;
    }

    static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    static Object copy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put((String) k, copy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(x -> c.add(copy(x)));
            return c;
        }
        return o;
    }
}
