package io.groupmailbox.server.jpa;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The one JPA persistence unit ("Global", listed in META-INF/persistence.xml) that James's stores and this
 * project's stores share, configured from {@code conf/james-database.properties}.
 *
 * <p>Without {@code database.url} the database is an embedded Derby under the data directory: its URL is made
 * absolute here, since Derby resolves a relative one against the JVM's working directory.
 */
public class JpaPersistenceModule extends AbstractModule {

    static final String PERSISTENCE_UNIT = "Global";
    /**
     * The connection pool (commons-dbcp2, through OpenJPA) may open as many connections as threads ask for. Its
     * default of 8 could deadlock: James dispatches some events inside a transaction, whose listeners then need a
     * second connection, while the pool's 8 connections are all held by spool threads waiting for that
     * transaction's row lock; everything then stood still until Derby's 60 s lock timeout. The threads that
     * use the database come from bounded pools, so the number of connections stays bounded too. Override with
     * {@code openjpa.ConnectionProperties} in {@code james-database.properties} (e.g. {@code maxTotal=50} on a
     * PostgreSQL server that limits its connections).
     */
    static final String POOL_PROPERTIES = "maxTotal=-1, maxIdle=32";

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(PropertiesProvider propertiesProvider, JamesDirectoriesProvider directories)
        throws FileNotFoundException, ConfigurationException {
        Configuration database = propertiesProvider.getConfiguration("james-database");
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName",
            database.getString("database.driverClassName", "org.apache.derby.jdbc.EmbeddedDriver"));
        properties.put("openjpa.ConnectionURL", database.getString("database.url",
            "jdbc:derby:" + directories.getVarDirectory() + "derby;create=true"));
        if (database.containsKey("database.username")) {
            properties.put("openjpa.ConnectionUserName", database.getString("database.username"));
            properties.put("openjpa.ConnectionPassword", database.getString("database.password", ""));
        }
        properties.put("openjpa.Multithreaded", "true");
        properties.put("openjpa.ConnectionProperties", POOL_PROPERTIES);
        Iterator<String> keys = database.getKeys("openjpa");
        while (keys.hasNext()) {
            String key = keys.next();
            properties.put(key, database.getString(key));
        }
        EntityManagerFactory entityManagerFactory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
        WideColumns.widen(entityManagerFactory);
        return entityManagerFactory;
    }
}
