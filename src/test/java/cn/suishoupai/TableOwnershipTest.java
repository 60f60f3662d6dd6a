package cn.suishoupai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md §3, checked on the sources (no Quarkus): every table of the Flyway migrations
 * has exactly one owning package, and no string literal of another package's main code names it
 * after from, join, update, into or delete from (native SQL and JPQL alike: an entity is named like
 * its table). The table is read from the document, so the two cannot drift.
 */
class TableOwnershipTest {

    static final Path DOC = Path.of("docs/ARCHITECTURE.md");
    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    static final Path MAIN = Path.of("src/main/java/cn/suishoupai");

    /** demo seeds every feature's tables for a local run. */
    static final Set<String> EXEMPT = Set.of("demo");

    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\w+)\\s*\\|(.*)\\|\\s*$");
    private static final Pattern TICKED = Pattern.compile("`(\\w+)`");
    private static final Pattern LITERAL = Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern TABLE_USE =
            Pattern.compile("\\b(?:delete\\s+from|from|join|update|into)\\s+([a-z_][a-z0-9_]*)");

    static Map<String, String> owners;

    @BeforeAll
    static void readOwnershipTable() throws IOException {
        owners = owners(Files.readString(DOC));
    }

    @Test
    void everyMigrationTableHasExactlyOneOwner() throws IOException {
        Set<String> created = migrationTables();
        assertEquals(
                created,
                new TreeSet<>(owners.keySet()),
                "docs/ARCHITECTURE.md §3 must list each table of the migrations once (left: migrations, right: the document)");
    }

    @Test
    void noPackageNamesAnotherPackagesTableInSql() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                if (EXEMPT.contains(pkg) || f.getParent().equals(MAIN)) {
                    continue;
                }
                for (String table : foreignTables(pkg, Files.readString(f), owners)) {
                    offences.add(MAIN.relativize(f) + " names " + table + " (owned by " + owners.get(table) + ")");
                }
            }
        }
        assertTrue(
                offences.isEmpty(),
                "ask the owning package through a query method (docs/ARCHITECTURE.md §3):\n"
                        + String.join("\n", offences));
    }

    /** The scanner must see a planted offence, in a plain and in a text-block literal, and leave own tables alone. */
    @Test
    void aPlantedForeignTableIsReported() {
        String source = """
                class Planted {
                    String a = "select r.id from report r join ticket t on t.id = r.ticket_id";
                    String b = \"""
                            update account set phone = null
                            \""";
                    String c = "delete from outbox_event where id = ?1";
                    // from audit_log: a comment, not SQL
                }
                """;
        assertEquals(Set.of("ticket", "account", "outbox_event"), foreignTables("report", source, owners));
        assertEquals(Set.of(), foreignTables("ticket", "String s = \"select id from ticket_event\";", owners));
    }

    @Test
    void theDocumentsTableIsReadAsIntended() {
        Map<String, String> parsed = owners("""
                ## 3. Who owns which table
                | package | tables |
                |---|---|
                | report | `report`, `report_event` |
                ## 4. Next
                | x | `not_a_table` |
                """);
        assertEquals(Map.of("report", "report", "report_event", "report"), parsed);
    }

    // --- the scanner ---

    /** The tables of other packages that the source's string literals name after from/join/update/into. */
    static Set<String> foreignTables(String pkg, String source, Map<String, String> owners) {
        Set<String> found = new TreeSet<>();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            Matcher use = TABLE_USE.matcher(literal.group().toLowerCase());
            while (use.find()) {
                String owner = owners.get(use.group(1));
                if (owner != null && !owner.equals(pkg)) {
                    found.add(use.group(1));
                }
            }
        }
        return found;
    }

    /** table → package from the table of section 3; a table listed twice fails here. */
    static Map<String, String> owners(String doc) {
        int start = doc.indexOf("## 3.");
        assertTrue(start >= 0, "docs/ARCHITECTURE.md has no section 3 (who owns which table)");
        int end = doc.indexOf("\n## ", start + 1);
        Map<String, String> out = new TreeMap<>();
        for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
            Matcher row = ROW.matcher(line.trim());
            if (!row.matches()) {
                continue;
            }
            Matcher t = TICKED.matcher(row.group(2));
            while (t.find()) {
                String previous = out.put(t.group(1), row.group(1));
                assertTrue(previous == null, t.group(1) + " is owned by both " + previous + " and " + row.group(1));
            }
        }
        return out;
    }

    static Set<String> migrationTables() throws IOException {
        Set<String> tables = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
        Pattern drop = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?(\\w+)");
        Pattern rename = Pattern.compile("(?i)alter\\s+table\\s+(\\w+)\\s+rename\\s+to\\s+(\\w+)");
        List<Path> files;
        try (Stream<Path> s = Files.list(MIGRATIONS)) {
            // in Flyway's order: V2 before V10
            files = s.filter(p -> p.toString().endsWith(".sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        }
        for (Path f : files) {
            String sql = Files.readString(f).replaceAll("--[^\n]*", "");
            Matcher m = create.matcher(sql);
            while (m.find()) {
                tables.add(m.group(1).toLowerCase());
            }
            m = rename.matcher(sql);
            while (m.find()) {
                tables.remove(m.group(1).toLowerCase());
                tables.add(m.group(2).toLowerCase());
            }
            m = drop.matcher(sql);
            while (m.find()) {
                tables.remove(m.group(1).toLowerCase());
            }
        }
        return tables;
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
