package io.groupmailbox.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.GuiceProbe;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;

import io.groupmailbox.server.GroupMailboxServerMain;
import io.groupmailbox.server.ServerDirectories;

/**
 * Boots one embedded server per test class, in this JVM, on free loopback ports with a fresh data directory.
 * Tests talk to it over real sockets ({@link #smtp()}, {@link #imap()}, {@link #webAdmin()}); the probe
 * gives store-level assertions where the issue asks for them.
 *
 * <pre>
 * &#64;RegisterExtension
 * static GroupMailboxServerExtension server = new GroupMailboxServerExtension();
 * </pre>
 */
public class GroupMailboxServerExtension implements BeforeAllCallback, AfterAllCallback {

    private Path root;
    private TestConfiguration configuration;
    private GuiceJamesServer server;
    private SmtpSink relaySink;
    private boolean withRelaySink;
    private final java.util.List<ConfigurationChange> configurationChanges = new java.util.ArrayList<>();
    private final java.util.List<Module> overrides = new java.util.ArrayList<>();

    /** A change to this test server's copy of conf/, made before it starts. */
    @FunctionalInterface
    public interface ConfigurationChange {
        void apply(TestConfiguration configuration) throws IOException;
    }

    /** Changes this server's configuration before it starts (e.g. {@code conf -> conf.rewrite(file, from, to)}). */
    public GroupMailboxServerExtension withConfiguration(ConfigurationChange change) {
        configurationChanges.add(change);
        return this;
    }

    /** Replaces some of the server's bindings, e.g. a store by one whose failures the test controls. */
    public GroupMailboxServerExtension withOverride(Module override) {
        overrides.add(override);
        return this;
    }

    /** Relays mail for remote domains to an {@link SmtpSink} of this test instead of the Internet. */
    public GroupMailboxServerExtension withRelaySink() {
        this.withRelaySink = true;
        return this;
    }

    public SmtpSink relaySink() {
        if (relaySink == null) {
            throw new IllegalStateException("declare the extension withRelaySink()");
        }
        return relaySink;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("group-mailbox-test");
        configuration = TestConfiguration.create(root.resolve("conf"));
        if (withRelaySink) {
            relaySink = new SmtpSink();
            configuration.relayThrough(relaySink.port());
        }
        for (ConfigurationChange change : configurationChanges) {
            change.apply(configuration);
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (relaySink != null) {
            relaySink.close();
        }
        deleteRecursively(root);
    }

    /** Stops the server and starts it again on the same configuration and data. */
    public void restart() throws Exception {
        stop();
        start();
    }

    public <T extends GuiceProbe> T probe(Class<T> probe) {
        return server.getProbe(probe);
    }

    public WebAdminClient webAdmin() {
        return new WebAdminClient(configuration.webAdminPort());
    }

    public SmtpClient smtp() {
        return new SmtpClient(configuration.smtpPort(), configuration.submissionPort());
    }

    public ImapClient imap() {
        return new ImapClient(configuration.imapPort());
    }

    public TestConfiguration configuration() {
        return configuration;
    }

    /** Replaces conf/groups.xml of this server (apply it with POST /groups/reload). */
    public void writeGroupsFile(String content) throws IOException {
        Files.writeString(configuration.directory().resolve("groups.xml"), content);
    }

    public Path root() {
        return root;
    }

    public Path dataDirectory() {
        return root.resolve("data");
    }

    private void start() throws Exception {
        Module probes = binder -> {
            Multibinder<GuiceProbe> bindings = Multibinder.newSetBinder(binder, GuiceProbe.class);
            bindings.addBinding().to(StoreProbe.class);
            bindings.addBinding().to(SpoolProbe.class);
        };
        server = GroupMailboxServerMain.start(new ServerDirectories(configuration.directory(), dataDirectory()),
            java.util.List.of(probes), overrides);
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
