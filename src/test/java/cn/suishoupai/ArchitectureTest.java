package cn.suishoupai;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package layering of docs/ARCHITECTURE.md, checked on the compiled main classes (no Quarkus).
 * Each rule is built for a root package, so the same rules also run, in {@link PlantedViolations},
 * on a miniature project of planted violations (cn.suishoupai.archfixture) and must report them.
 *
 * <p>ArchUnit sees bytecode: a {@code static final} String or number constant is inlined by javac
 * and leaves no dependency, so vocabulary constants shared across packages belong in common anyway.
 */
class ArchitectureTest {

    /** Who may use whom (docs/ARCHITECTURE.md). demo may use everything and nothing may use demo. */
    static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("common", List.of());
        MAY_USE.put("audit", List.of("common"));
        MAY_USE.put("region", List.of("common", "audit"));
        MAY_USE.put("identity", List.of("common", "audit", "region"));
        MAY_USE.put("media", List.of("common"));
        MAY_USE.put("routing", List.of("common", "audit", "region", "identity"));
        MAY_USE.put("deadline", List.of("common", "audit", "region", "identity"));
        MAY_USE.put("ticket", List.of("common", "audit", "region", "identity", "media", "deadline", "routing"));
        MAY_USE.put("report", List.of("common", "audit", "region", "identity", "media", "routing", "ticket"));
        MAY_USE.put("reward", List.of("common", "audit", "region", "identity", "ticket", "report"));
        MAY_USE.put("notify", List.of("common", "audit", "region", "identity", "ticket", "report", "reward"));
        MAY_USE.put("web", List.of("common", "media"));
        MAY_USE.put(
                "open311", List.of("common", "audit", "region", "identity", "media", "routing", "ticket", "report"));
    }

    static final String DEMO = "demo";

    /** By name: java.nio.file.Path is the Path this class uses. */
    static final String JAX_RS_PATH = "jakarta.ws.rs.Path";

    /**
     * Panache's data access methods: a resource calling one of these holds a query; called statically on
     * an entity (persist and delete exist both ways), they are the entity queries only its package makes.
     */
    static final Set<String> PANACHE_DATA_METHODS = Set.of(
            "find",
            "findAll",
            "findById",
            "findByIdOptional",
            "list",
            "listAll",
            "stream",
            "streamAll",
            "count",
            "persist",
            "persistAndFlush",
            "delete",
            "deleteAll",
            "deleteById",
            "update",
            "flush",
            "getEntityManager");

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.suishoupai");
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        noCycles("cn.suishoupai").check(main);
    }

    @Test
    void dependenciesRunTheAllowedWay() {
        layering("cn.suishoupai").check(main);
    }

    @Test
    void commonNamesNoFeature() {
        commonIsFeatureFree("cn.suishoupai").check(main);
    }

    @Test
    void resourcesHoldNoSqlInMain() {
        resourcesHoldNoSql().check(main);
    }

    @Test
    void resourcesNeverReturnEntities() {
        resourcesReturnNoEntities().check(main);
    }

    @Test
    void entityQueriesStayInTheEntitysPackage() {
        entityQueriesStayHome("cn.suishoupai").check(main);
    }

    @Test
    void onlyResourcesUseTheRequestScopedCaller() {
        noClasses()
                .that()
                .resideOutsideOfPackage("cn.suishoupai.common..")
                .and()
                .areNotAnnotatedWith(JAX_RS_PATH)
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("cn.suishoupai.common.Caller")
                .because("services take the Actor a resource resolved, so they also run in jobs and tests")
                .check(main);
    }

    @Test
    void onlyResourcesReadTheRequestedCoordinateSystem() {
        noClasses()
                .that()
                .resideOutsideOfPackage("cn.suishoupai.common..")
                .and()
                .areNotAnnotatedWith(JAX_RS_PATH)
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("cn.suishoupai.common.ResponseCrs")
                .because("services take the Crs a resource resolved, as they take its Actor")
                .check(main);
    }

    // --- the rules, for a root package ---

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule layering(String root) {
        LayeredArchitecture arch = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true) // the planted project has only a few of the packages
                .ensureAllClassesAreContainedInArchitecture(); // a new package must be placed in the table
        for (String layer : MAY_USE.keySet()) {
            arch = arch.layer(layer).definedBy(root + "." + layer + "..");
        }
        arch = arch.layer(DEMO).definedBy(root + "." + DEMO + "..");
        for (Map.Entry<String, List<String>> e : MAY_USE.entrySet()) {
            arch = e.getValue().isEmpty()
                    ? arch.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : arch.whereLayer(e.getKey())
                            .mayOnlyAccessLayers(e.getValue().toArray(String[]::new));
        }
        return arch.whereLayer(DEMO).mayNotBeAccessedByAnyLayer();
    }

    static ArchRule commonIsFeatureFree(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".common..")
                .should()
                .dependOnClassesThat(resideInAPackage(root + "..").and(not(resideInAPackage(root + ".common.."))))
                .because("common is the vocabulary every feature shares; a feature's own exception maps itself");
    }

    /**
     * The owner of a table is the only package that queries it (docs/ARCHITECTURE.md §3): a static
     * Panache method of an entity (find…, list…, stream…, count, delete…, update, static persist) is
     * called only from the entity's own feature package. Reading the fields of an entity handed over by
     * its owner (an event, a return value) is fine. demo seeds every table and is exempt, as in
     * TableOwnershipTest.
     */
    static ArchRule entityQueriesStayHome(String root) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(root + "." + DEMO + "..")
                .should()
                .callMethodWhere(foreignEntityQuery(root))
                .because("only the owning package queries its tables; others ask it through a small query method");
    }

    /** The feature package of a class under root ("ticket" for root.ticket.x.Y), or "" outside root. */
    static String feature(String root, String packageName) {
        if (!packageName.startsWith(root + ".")) {
            return "";
        }
        String rest = packageName.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static DescribedPredicate<JavaMethodCall> foreignEntityQuery(String root) {
        return DescribedPredicate.describe("a static Panache query of an entity another package owns", call -> {
            JavaClass owner = call.getTargetOwner();
            if (!owner.isAssignableTo(PanacheEntityBase.class) || !PANACHE_DATA_METHODS.contains(call.getName())) {
                return false;
            }
            boolean isStatic = call.getTarget()
                    .resolveMember()
                    .map(m -> m.getModifiers().contains(JavaModifier.STATIC))
                    .orElse(true);
            return isStatic
                    && !feature(root, owner.getPackageName())
                            .equals(feature(root, call.getOriginOwner().getPackageName()));
        });
    }

    /** Resources delegate to services: no EntityManager, JDBC or Panache query in a @Path class. */
    static ArchRule resourcesHoldNoSql() {
        return noClasses()
                .that()
                .areAnnotatedWith(JAX_RS_PATH)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(EntityManager.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
                .orShould()
                .callMethodWhere(queryCall())
                .because("a resource is thin: it reads the request and calls a service, which owns the queries");
    }

    static ArchRule resourcesReturnNoEntities() {
        return methods()
                .that()
                .areDeclaredInClassesThat()
                .areAnnotatedWith(JAX_RS_PATH)
                .and()
                .arePublic()
                .should(notReturnEntities())
                .allowEmptyShould(true)
                .because("entities stay inside their package's transaction; the API answers records");
    }

    private static DescribedPredicate<JavaMethodCall> queryCall() {
        return DescribedPredicate.describe(
                "a query method (createQuery, createNativeQuery, Panache find/list/stream/persist…)", call -> {
                    String name = call.getName();
                    if (name.equals("createQuery")
                            || name.equals("createNativeQuery")
                            || name.equals("createNamedQuery")) {
                        return true;
                    }
                    JavaClass owner = call.getTargetOwner();
                    return PANACHE_DATA_METHODS.contains(name)
                            && (owner.isAssignableTo(PanacheEntityBase.class)
                                    || owner.isAssignableTo(PanacheRepositoryBase.class));
                });
    }

    /** The raw return type and every type argument in it (List, Page, Map, Optional …) must not be an @Entity. */
    private static ArchCondition<JavaMethod> notReturnEntities() {
        return new ArchCondition<>("not return @Entity types, not even inside generic types") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (JavaClass type : method.getReturnType().getAllInvolvedRawTypes()) {
                    if (type.isAnnotatedWith(Entity.class)) {
                        events.add(SimpleConditionEvent.violated(
                                method,
                                method.getFullName() + " returns entity " + type.getName() + " (as "
                                        + method.getReturnType().getName() + ")"));
                    }
                }
            }
        };
    }

    /**
     * The rules above, run on planted violations (src/test/java/cn/suishoupai/archfixture, compiled
     * here so that Quarkus never registers their @Entity and @Path): each rule must report the planted
     * offenders and leave the compliant CleanResource alone.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PlantedViolations {

        static final String ROOT = "cn.suishoupai.archfixture";

        JavaClasses planted;

        @BeforeAll
        void compilePlantedClasses(@TempDir Path out) throws IOException {
            List<String> files;
            try (Stream<Path> walk = Files.walk(Path.of("src/test/java/cn/suishoupai/archfixture"))) {
                files = walk.map(Path::toString)
                        .filter(f -> f.endsWith(".java"))
                        .toList();
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            List<String> options =
                    List.of("-proc:none", "-d", out.toString(), "-cp", System.getProperty("java.class.path"));
            boolean compiled = javac.getTask(
                            errors,
                            null,
                            null,
                            options,
                            null,
                            javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(files))
                    .call();
            assertTrue(compiled, errors.toString());
            planted = new ClassFileImporter().importPath(out);
        }

        @Test
        void aCycleIsReported() {
            String report = violations(noCycles(ROOT));
            assertTrue(report.contains("PlantedHelper") && report.contains("PlantedTicket"), report);
            assertFalse(report.contains("PlantedPhoto"), report); // media → routing is one way: no cycle
        }

        @Test
        void wrongDirectionsAreReported() {
            String report = violations(layering(ROOT));
            assertTrue(report.contains("PlantedPhoto"), "media → routing: " + report);
            assertTrue(report.contains("PlantedAccrual"), "reward → demo: " + report);
            assertTrue(report.contains("PlantedHelper"), "common → ticket: " + report);
            assertTrue(report.contains("PlantedStray"), "a package outside the table: " + report);
            assertFalse(report.contains("CleanResource"), report);
        }

        @Test
        void commonNamingAFeatureIsReported() {
            String report = violations(commonIsFeatureFree(ROOT));
            assertTrue(report.contains("PlantedHelper"), report);
            assertFalse(report.contains("PlantedPhoto"), report);
        }

        @Test
        void sqlInAResourceIsReported() {
            String report = violations(resourcesHoldNoSql());
            assertTrue(report.contains("createNativeQuery"), report);
            assertTrue(report.contains("findById"), report);
            assertTrue(report.contains("listAll"), report);
            assertTrue(report.contains("EntityManager"), report);
            assertTrue(report.contains("java.sql.Connection"), report);
            assertFalse(report.contains("CleanResource"), report);
        }

        @Test
        void entitiesReturnedFromAResourceAreReported() {
            String report = violations(resourcesReturnNoEntities());
            assertTrue(report.contains("PlantedTicketResource.one()"), "raw: " + report);
            assertTrue(report.contains("PlantedTicketResource.all()"), "in a List: " + report);
            assertTrue(report.contains("PlantedTicketResource.nested()"), "in a Map of Lists: " + report);
            assertFalse(report.contains("CleanResource"), report);
        }

        @Test
        void anotherPackagesEntityQueryIsReported() {
            String report = violations(entityQueriesStayHome(ROOT));
            assertTrue(
                    report.contains(
                            "PlantedFine.titleOf(long)> calls method <" + ROOT + ".ticket.PlantedTicket.findById"),
                    report);
            assertTrue(
                    report.contains("PlantedFine.titled()> calls method <" + ROOT + ".ticket.PlantedTicket.count"),
                    report);
            assertFalse(report.contains("PlantedFine.label"), "a field read of a handed-over entity: " + report);
            assertFalse(report.contains("PlantedTicketResource"), "the entity's own package: " + report);
            assertFalse(report.contains("PlantedDemo"), "demo seeds every table: " + report);
        }

        private String violations(ArchRule rule) {
            EvaluationResult result = rule.evaluate(planted);
            assertTrue(result.hasViolation(), "the rule let the planted violations pass: " + rule.getDescription());
            return String.join("\n", result.getFailureReport().getDetails());
        }
    }
}
