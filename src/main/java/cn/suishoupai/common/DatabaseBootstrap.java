package cn.suishoupai.common;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

/**
 * Local run convenience: creates the application database when it does not exist yet, so the
 * quick-start command works on a fresh machine. Runs as a Flyway customizer because Flyway is
 * the first thing to open a connection at start. Off unless suishoupai.database.create-if-missing.
 */
@Singleton
public class DatabaseBootstrap implements FlywayConfigurationCustomizer {

    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);

    @ConfigProperty(name = "suishoupai.database.create-if-missing", defaultValue = "false")
    boolean createIfMissing;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Override
    public void customize(FluentConfiguration configuration) {
        if (createIfMissing && url.isPresent()) {
            createDatabaseIfMissing(url.get(), user.orElse(null), password.orElse(""));
        }
    }

    static void createDatabaseIfMissing(String jdbcUrl, String user, String password) {
        // jdbc:postgresql://host:port/dbname?params
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int q = jdbcUrl.indexOf('?', slash);
        String db = jdbcUrl.substring(slash + 1, q < 0 ? jdbcUrl.length() : q);
        String maintenance = jdbcUrl.substring(0, slash + 1) + "postgres" + (q < 0 ? "" : jdbcUrl.substring(q));
        if (!db.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("Refusing to create database with unusual name: " + db);
        }
        try (Connection c = DriverManager.getConnection(maintenance, user, password)) {
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("create database " + db);
            }
            LOG.infof("Created database %s", db);
        } catch (SQLException e) {
            LOG.warnf("Could not create database %s: %s", db, e.getMessage());
        }
    }
}
