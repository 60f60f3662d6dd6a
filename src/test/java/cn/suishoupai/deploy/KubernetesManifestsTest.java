package cn.suishoupai.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes manifests under deploy/kubernetes, validated offline in every build (no cluster, no network; no
 * Quarkus start: 25-55 s measured on the project's 2-core machine while other builds kept its load average near 40,
 * most of it loading the fabric8 model and running kubectl five times): each overlay is rendered (Kustomize), every
 * document is validated strictly
 * (ManifestValidator: the typed Kubernetes model for built-in kinds, structural schemas for the operators'
 * custom resources), and what the platform team was promised is checked on the result. Planted errors show that
 * each check can fail. Where kubectl is installed, its own kustomize must render the same documents.
 */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of("deploy/kubernetes");
    static final Path PROD = ROOT.resolve("overlays/prod");
    static final Path DEV = ROOT.resolve("overlays/dev");

    private static final Map<Path, List<Map<String, Object>>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The overlay rendered once per run; each caller gets its own copy to change. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path overlay) {
        return (List<Map<String, Object>>) Kustomize.copy(RENDERED.computeIfAbsent(overlay, Kustomize::render));
    }

    @Test
    void prodAndDevRenderAndEveryDocumentIsValid() {
        for (Path overlay : List.of(PROD, DEV)) {
            List<Map<String, Object>> docs = render(overlay);
            assertThat(ManifestValidator.validate(docs)).as(overlay.toString()).isEmpty();
        }
    }

    @Test
    void prodIsThreeInstancesWithProbesResourcesBudgetAutoscalerAndGracefulShutdown() {
        Rendered prod = new Rendered(render(PROD));
        Deployment d = prod.typed("Deployment", "suishoupai", Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(c.getImage()).isEqualTo("registry.example.org/suishoupai/suishoupai:0.1.0");

        String javaOpts = env(c, "JAVA_OPTS_APPEND");
        assertThat(javaOpts)
                .contains("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19")
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        Matcher ram = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);
        assertThat(ram.find()).as("a bounded heap").isTrue();
        assertThat(Integer.parseInt(ram.group(1))).isBetween(50, 80);

        // graceful shutdown: preStop pause + the service's own shutdown timeout fit in the grace period
        ConfigMap config = prod.typed("ConfigMap", "suishoupai-config", ConfigMap.class);
        Duration shutdown = duration(config.getData().getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", propertiesDefault()));
        assertThat(shutdown)
                .as("long enough for a 10 MB photo at 2 Mbit/s")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        List<String> preStop = c.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop.get(0)).isEqualTo("sleep");
        long pause = Long.parseLong(preStop.get(1));
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(pause + shutdown.toSeconds() + 5);
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getStrVal())
                .isEqualTo("0%");

        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget pdb = prod.typed("PodDisruptionBudget", "suishoupai", PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(d.getSpec().getSelector().getMatchLabels())
                .isEqualTo(pdb.getSpec().getSelector().getMatchLabels());

        HorizontalPodAutoscaler hpa =
                prod.typed("HorizontalPodAutoscaler", "suishoupai", HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("suishoupai");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(3);

        Service service = prod.typed("Service", "suishoupai", Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(prod.doc("ServiceMonitor", "suishoupai"))
                .extracting(m -> at(m, "spec.endpoints.0.path"))
                .isEqualTo("/q/metrics");

        for (Map<String, Object> doc : prod.docs) {
            assertThat(at(doc, "metadata.namespace")).as(Kustomize.name(doc)).isEqualTo("suishoupai");
        }
    }

    @Test
    void prodIngressLetsUploadsThrough() {
        Rendered prod = new Rendered(render(PROD));
        Ingress ingress = prod.typed("Ingress", "suishoupai", Ingress.class);
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertThat(megabytes(a.get("nginx.ingress.kubernetes.io/proxy-body-size")))
                .as("a 10 MB photo plus the form")
                .isGreaterThanOrEqualTo(11);
        assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThanOrEqualTo(60);
        assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-send-timeout")))
                .isGreaterThanOrEqualTo(60);
        var backend = ingress.getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend()
                .getService();
        Service service = prod.typed("Service", backend.getName(), Service.class);
        assertThat(service.getSpec().getPorts())
                .anyMatch(p -> p.getName().equals(backend.getPort().getName()));
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
    }

    @Test
    void prodStateIsPostgresPrimaryAndReplicaWithBackupsAndMinioErasureCoded() {
        Rendered prod = new Rendered(render(PROD));
        Deployment d = prod.typed("Deployment", "suishoupai", Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> config =
                prod.typed("ConfigMap", "suishoupai-config", ConfigMap.class).getData();

        Map<String, Object> cluster = prod.doc("Cluster", "suishoupai-db");
        assertThat(at(cluster, "spec.instances")).as("primary + replica").isEqualTo(2);
        assertThat(at(cluster, "spec.backup.barmanObjectStore.destinationPath"))
                .asString()
                .startsWith("s3://");
        assertThat(at(cluster, "spec.backup.retentionPolicy")).isNotNull();
        Map<String, Object> scheduled = prod.doc("ScheduledBackup", "suishoupai-db-nightly");
        assertThat(at(scheduled, "spec.cluster.name")).isEqualTo("suishoupai-db");
        assertThat(at(scheduled, "spec.method")).isEqualTo("barmanObjectStore");
        // the service reaches the cluster's primary as its application owner, with the operator's secret
        assertThat(config.get("QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://suishoupai-db-rw:5432/" + at(cluster, "spec.bootstrap.initdb.database"));
        assertThat(config.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(at(cluster, "spec.bootstrap.initdb.owner"));
        assertThat(secretOf(c, "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("suishoupai-db-app");
        // every pod the autoscaler may start gets its connections
        HorizontalPodAutoscaler hpa =
                prod.typed("HorizontalPodAutoscaler", "suishoupai", HorizontalPodAutoscaler.class);
        int pool = Integer.parseInt(config.get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"));
        int maxConnections = Integer.parseInt((String) at(cluster, "spec.postgresql.parameters.max_connections"));
        assertThat(maxConnections).isGreaterThanOrEqualTo(hpa.getSpec().getMaxReplicas() * pool + 10);

        Map<String, Object> tenant = prod.doc("Tenant", "suishoupai-minio");
        List<?> pools = (List<?>) at(tenant, "spec.pools");
        assertThat(pools).hasSize(1);
        assertThat(at(tenant, "spec.pools.0.servers")).as("4 servers").isEqualTo(4);
        int drives =
                (Integer) at(tenant, "spec.pools.0.servers") * (Integer) at(tenant, "spec.pools.0.volumesPerServer");
        assertThat(drives).as("erasure coding needs 4 drives or more").isGreaterThanOrEqualTo(4);
        assertThat(at(tenant, "spec.env.0.value")).isEqualTo("EC:4");
        assertThat(config.get("SUISHOUPAI_STORAGE_ENDPOINT")).isEqualTo("http://minio");
        assertThat(at(tenant, "spec.requestAutoCert")).isEqualTo(false);
        assertThat(at(tenant, "spec.users.0.name")).isEqualTo(secretOf(c, "SUISHOUPAI_STORAGE_ACCESS_KEY"));
        assertThat(at(tenant, "spec.buckets.0.name")).isEqualTo(config.get("SUISHOUPAI_STORAGE_BUCKET"));
        Ingress files = prod.typed("Ingress", "suishoupai-files", Ingress.class);
        assertThat("https://" + files.getSpec().getRules().get(0).getHost())
                .isEqualTo(config.get("SUISHOUPAI_STORAGE_PUBLIC_ENDPOINT"));
    }

    @Test
    void everySecretTheManifestsNameIsDocumented() throws IOException {
        String operations = Files.readString(Path.of("docs/OPERATIONS.md"));
        for (Path overlay : List.of(PROD, DEV)) {
            Set<String> secrets = new TreeSet<>();
            for (Map<String, Object> doc : render(overlay)) {
                collectSecrets(doc, secrets);
            }
            assertThat(secrets)
                    .contains("suishoupai-jwt", "suishoupai-privacy", "suishoupai-db-app", "suishoupai-s3-user");
            for (String secret : secrets) {
                assertThat(operations)
                        .as("docs/OPERATIONS.md names the secret " + secret)
                        .contains("`" + secret + "`");
            }
        }
    }

    @Test
    void devIsOnePodOnePostgresOneMinioWithoutBackups() {
        Rendered dev = new Rendered(render(DEV));
        assertThat(dev.typed("Deployment", "suishoupai", Deployment.class)
                        .getSpec()
                        .getReplicas())
                .isEqualTo(1);
        HorizontalPodAutoscaler hpa = dev.typed("HorizontalPodAutoscaler", "suishoupai", HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(1);
        assertThat(at(dev.doc("Cluster", "suishoupai-db"), "spec.instances")).isEqualTo(1);
        assertThat(at(dev.doc("Cluster", "suishoupai-db"), "spec.backup")).isNull();
        assertThat(dev.docs).noneMatch(d -> "ScheduledBackup".equals(d.get("kind")));
        assertThat(at(dev.doc("Tenant", "suishoupai-minio"), "spec.pools.0.servers"))
                .isEqualTo(1);
        assertThat(at(dev.doc("Tenant", "suishoupai-minio"), "spec.pools.0.volumesPerServer"))
                .isEqualTo(1);
        assertThat(dev.docs).allMatch(d -> "suishoupai-dev".equals(at(d, "metadata.namespace")));
    }

    /** The committed generated/kubernetes.yml follows the %k8s settings it is generated from (generate.sh). */
    @Test
    void generatedManifestFollowsTheK8sSettings() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Rendered generated = new Rendered(Kustomize.readAll(ROOT.resolve("base/generated/kubernetes.yml")));
        Deployment d = generated.typed("Deployment", "suishoupai", Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(d.getSpec().getReplicas())
                .isEqualTo(Integer.parseInt(p.getProperty("%k8s.quarkus.kubernetes.replicas")));
        assertThat(env(c, "JAVA_OPTS_APPEND"))
                .isEqualTo(p.getProperty("%k8s.quarkus.kubernetes.env.vars.java-opts-append"));
        assertThat(c.getResources().getLimits().get("memory").toString())
                .isEqualTo(p.getProperty("%k8s.quarkus.kubernetes.resources.limits.memory"));
        assertThat(c.getResources().getRequests().get("cpu").toString())
                .isEqualTo(p.getProperty("%k8s.quarkus.kubernetes.resources.requests.cpu"));
        assertThat(c.getReadinessProbe().getHttpGet().getPath())
                .isEqualTo(p.getProperty("%k8s.quarkus.kubernetes.readiness-probe.http-action-path"));
        assertThat(c.getLivenessProbe().getHttpGet().getPath())
                .isEqualTo(p.getProperty("%k8s.quarkus.kubernetes.liveness-probe.http-action-path"));
        assertThat(secretOf(c, "SUISHOUPAI_PRIVACY_SECRET"))
                .isEqualTo(p.getProperty("%k8s.quarkus.kubernetes.env.mapping.suishoupai-privacy-secret.from-secret"));
        Ingress ingress = generated.typed("Ingress", "suishoupai", Ingress.class);
        assertThat(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size"))
                .isEqualTo(p.getProperty(
                        "%k8s.quarkus.kubernetes.ingress.annotations.\"nginx.ingress.kubernetes.io/proxy-body-size\""));
    }

    /** Each kind of mistake, planted in an otherwise valid rendering, is reported with where it is. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedErrors")
    void plantedErrorIsReported(String what, String kind, Consumer<Map<String, Object>> plant, String expected) {
        List<Map<String, Object>> docs = render(PROD);
        Map<String, Object> doc = docs.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        plant.accept(doc);
        List<String> problems = ManifestValidator.validate(docs);
        assertThat(problems).as(what).anyMatch(line -> line.contains(expected));
    }

    static Stream<Arguments> plantedErrors() {
        return Stream.of(
                Arguments.of(
                        "misspelt container field",
                        "Deployment",
                        plant("spec.template.spec.containers.0", m -> m.put("livenesProbe", m.remove("livenessProbe"))),
                        "livenesProbe"),
                Arguments.of(
                        "quoted replica count", "Deployment", plant("spec", m -> m.put("replicas", "3")), "replicas"),
                Arguments.of(
                        "maxSurge as a quoted number",
                        "Deployment",
                        plant("spec.strategy.rollingUpdate", m -> m.put("maxSurge", "1")),
                        "must be a number or a percentage"),
                Arguments.of(
                        "memory limit with a wrong unit",
                        "Deployment",
                        plant("spec.template.spec.containers.0.resources.limits", m -> m.put("memory", "2GB")),
                        "is not a quantity"),
                Arguments.of(
                        "image pull policy out of the enumeration",
                        "Deployment",
                        plant("spec.template.spec.containers.0", m -> m.put("imagePullPolicy", "IfNotPresnt")),
                        "IfNotPresnt"),
                Arguments.of(
                        "field at the wrong level of an Ingress",
                        "Ingress",
                        plant("spec", m -> m.put("host", "x.example.org")),
                        "host"),
                Arguments.of(
                        "misspelt Cluster field",
                        "Cluster",
                        plant("spec", m -> m.put("instance", m.remove("instances"))),
                        "unknown field 'instance'"),
                Arguments.of(
                        "Cluster instances as a string",
                        "Cluster",
                        plant("spec", m -> m.put("instances", "2")),
                        "spec.instances: expected integer"),
                Arguments.of(
                        "Cluster backup compression out of the enumeration",
                        "Cluster",
                        plant("spec.backup.barmanObjectStore.wal", m -> m.put("compression", "zip")),
                        "'zip' is not one of"),
                Arguments.of(
                        "Tenant pool without servers",
                        "Tenant",
                        plant("spec.pools.0", m -> m.remove("servers")),
                        "required field 'servers'"),
                Arguments.of(
                        "Tenant pool resources with a wrong unit (embedded core type)",
                        "Tenant",
                        plant("spec.pools.0.resources.limits", m -> m.put("memory", "8GB")),
                        "is not a quantity"),
                Arguments.of(
                        "Tenant pool with a misspelt affinity field (embedded core type)",
                        "Tenant",
                        plant("spec.pools.0.affinity", m -> m.put("podAntiAfinity", m.remove("podAntiAffinity"))),
                        "podAntiAfinity"),
                Arguments.of(
                        "ScheduledBackup with a five-field schedule",
                        "ScheduledBackup",
                        plant("spec", m -> m.put("schedule", "0 18 * * *")),
                        "spec.schedule"),
                Arguments.of(
                        "ServiceMonitor interval with a space",
                        "ServiceMonitor",
                        plant("spec.endpoints.0", m -> m.put("interval", "10 s")),
                        "interval"),
                Arguments.of(
                        "unknown kind",
                        "ConfigMap",
                        plant("", m -> m.put("kind", "ConfigMapp")),
                        "unknown apiVersion/kind v1/ConfigMapp"),
                Arguments.of(
                        "name that is not a DNS name",
                        "PodDisruptionBudget",
                        plant("metadata", m -> m.put("name", "Suishoupai_PDB")),
                        "is not a DNS-1123 name"));
    }

    @Test
    void rendererRefusesWhatItDoesNotUnderstand(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\ncommonLabels: {a: b}\n");
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("'commonLabels' is not supported");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\npatches: [{path: p.yaml}]\n");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("matches no resource");
    }

    /**
     * The renderer agrees with kustomize itself ({@code kubectl kustomize}) on every kustomization here. Skipped,
     * saying so, where kubectl is not installed; the other tests do not need it.
     */
    @Test
    void rendererAgreesWithKubectlKustomize() throws Exception {
        Assumptions.assumeTrue(
                kubectlWorks(), "kubectl is not installed: the renderer is not compared with kustomize in this run");
        for (Path dir :
                List.of(ROOT.resolve("base"), ROOT.resolve("state/postgres"), ROOT.resolve("state/minio"), PROD, DEV)) {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(dir + ": " + out).isZero();
            Path rendered = Files.createTempFile("kustomize", ".yaml");
            Files.writeString(rendered, out);
            assertThat(byId(Kustomize.render(dir))).as(dir.toString()).isEqualTo(byId(Kustomize.readAll(rendered)));
            Files.delete(rendered);
        }
    }

    // ----- helpers ------------------------------------------------------------------------------------------

    record Rendered(List<Map<String, Object>> docs) {
        Map<String, Object> doc(String kind, String name) {
            return docs.stream()
                    .filter(d -> kind.equals(d.get("kind")) && name.equals(Kustomize.name(d)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
        }

        <T> T typed(String kind, String name, Class<T> type) {
            return ManifestValidator.K8S.convertValue(doc(kind, name), type);
        }
    }

    static Consumer<Map<String, Object>> plant(String path, Consumer<Map<String, Object>> change) {
        return doc -> change.accept(Kustomize.map(path.isEmpty() ? doc : at(doc, path)));
    }

    /** The value at a dotted path; list items by index. */
    static Object at(Object node, String path) {
        for (String part : path.split("\\.")) {
            if (node instanceof Map<?, ?> m) {
                node = m.get(part);
            } else if (node instanceof List<?> l) {
                node = l.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return node;
    }

    static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    static String secretOf(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    /** Secret names: secretKeyRef, secret volumes, TLS of ingresses, the operators' secret references. */
    static void collectSecrets(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                Object v = e.getValue();
                switch (String.valueOf(e.getKey())) {
                    case "secretKeyRef", "configuration", "accessKeyId", "secretAccessKey" ->
                        into.add((String) ((Map<?, ?>) v).get("name"));
                    case "secretName" -> into.add((String) v);
                    case "users" -> ((List<?>) v).forEach(u -> into.add((String) ((Map<?, ?>) u).get("name")));
                    default -> {}
                }
                collectSecrets(v, into);
            }
        } else if (node instanceof List<?> l) {
            l.forEach(x -> collectSecrets(x, into));
        }
    }

    static Map<String, Map<String, Object>> byId(List<Map<String, Object>> docs) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Map<String, Object> d : docs) {
            byId.put(d.get("apiVersion") + "/" + d.get("kind") + "/" + Kustomize.name(d), d);
        }
        return byId;
    }

    static boolean kubectlWorks() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Duration duration(String value) {
        Matcher m = Pattern.compile("(\\d+)([smh])").matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Duration.parse(value);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static String propertiesDefault() {
        try {
            Properties p = new Properties();
            p.load(Files.newBufferedReader(Path.of("src/main/resources/application.properties")));
            return p.getProperty("quarkus.shutdown.timeout");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** nginx sizes: 100m, 11M, 1g, or bytes. */
    static long megabytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(size);
        assertThat(m.matches()).as("nginx size " + size).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n / 1024;
            case "m" -> n;
            case "g" -> n * 1024;
            default -> n / (1024 * 1024);
        };
    }
}
