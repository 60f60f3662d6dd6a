import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Prints a SQL constant of the compiled service, so a benchmark measures the query the code runs
 * rather than a copy that can drift. The class is found by its simple name anywhere under
 * cn.suishoupai, so it may move between packages.
 *
 * <pre>java -cp CLASSPATH bench/QueryText.java DuplicateFinder SQL</pre>
 */
public class QueryText {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: QueryText SIMPLE_CLASS_NAME FIELD");
            System.exit(2);
        }
        String suffix = "/" + args[0] + ".class";
        List<String> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p.resolve("cn/suishoupai"))) {
                try (Stream<Path> s = Files.walk(p.resolve("cn/suishoupai"))) {
                    s.map(f -> p.relativize(f).toString().replace(File.separatorChar, '/'))
                            .filter(n -> n.endsWith(suffix)).forEach(found::add);
                }
            } else if (entry.endsWith(".jar") && p.getFileName().toString().contains("suishoupai") && Files.isRegularFile(p)) {
                found.addAll(inJar(p, suffix));
            }
        }
        List<String> names = found.stream().distinct().toList();
        if (names.size() != 1) {
            System.err.println("expected one class " + args[0] + " under cn.suishoupai on the class path, found " + names);
            System.exit(1);
        }
        String className = names.get(0).replace('/', '.').substring(0, names.get(0).length() - ".class".length());
        Field f = Class.forName(className, false, QueryText.class.getClassLoader()).getDeclaredField(args[1]);
        f.setAccessible(true);
        System.out.println(f.get(null));
    }

    private static List<String> inJar(Path jar, String suffix) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(e -> e.getName()).filter(n -> n.startsWith("cn/suishoupai/") && n.endsWith(suffix)).toList();
        }
    }
}
