package io.groupmailbox.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.GuiceJamesServer;

import com.google.inject.Module;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.groupmailbox.group.GroupsFile;
import io.groupmailbox.group.InvalidGroupsException;

/**
 * {@code james-group-mailbox run [--conf DIR] [--data DIR]}: runs one server in the foreground until Ctrl-C.
 *
 * <p>Exit status 2 for a usage or configuration error, 1 when the server failed to start.
 */
public final class GroupMailboxServerMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(GroupMailboxServerMain.class);

    private GroupMailboxServerMain() {
    }

    public static void main(String[] args) {
        // James would exit on a start-up error before we could say what went wrong in one line.
        System.setProperty("james.exit.on.startup.error", "false");
        ServerDirectories directories;
        try {
            directories = parse(args);
            checkConfiguration(directories);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            System.err.println("james-group-mailbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            GuiceJamesServer server = start(directories);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "group-mailbox-shutdown"));
            LOGGER.info("James Group Mailbox is ready (conf {}, data {})", directories.conf(), directories.data());
        } catch (Exception e) {
            System.err.println("james-group-mailbox: the server failed to start: " + rootMessage(e));
            LOGGER.error("Start-up failure", e);
            System.exit(1);
        }
    }

    /**
     * Starts a server on these directories; used by the launcher and by the tests' harness alike (which adds
     * probes through {@code extraModules}).
     */
    public static GuiceJamesServer start(ServerDirectories directories, Module... extraModules) throws Exception {
        return start(directories, List.of(extraModules), List.of());
    }

    /** Starts the server with {@code extraModules} added and {@code overrides} replacing bindings of the server's own. */
    public static GuiceJamesServer start(ServerDirectories directories, List<Module> extraModules, List<Module> overrides)
        throws Exception {
        Files.createDirectories(directories.data());
        System.setProperty("derby.stream.error.file", directories.data().resolve("derby.log").toString());
        SelfSignedKeystore.ensureExists(directories.data());
        GuiceJamesServer server = GroupMailboxServer.create(directories).combineWith(extraModules)
            .overrideWith(overrides.toArray(Module[]::new));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    static ServerDirectories parse(String[] args) {
        Path conf = Path.of("conf");
        Path data = Path.of("var");
        List<String> arguments = List.of(args);
        int i = 0;
        if (i < arguments.size() && arguments.get(i).equals("run")) {
            i++;
        }
        for (; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if ((argument.equals("--conf") || argument.equals("--data")) && i + 1 < arguments.size()) {
                Path value = Path.of(arguments.get(++i));
                if (argument.equals("--conf")) {
                    conf = value;
                } else {
                    data = value;
                }
            } else {
                throw new IllegalArgumentException("unknown argument '" + argument
                    + "'. Usage: james-group-mailbox run [--conf DIR] [--data DIR]");
            }
        }
        return new ServerDirectories(conf, data);
    }

    private static void checkConfiguration(ServerDirectories directories) {
        if (!Files.isDirectory(directories.conf())) {
            throw new InvalidConfigurationException("configuration directory " + directories.conf() + " does not exist");
        }
        checkGroups(directories.conf().resolve("groups.xml"));
        List<ListenAddresses.Listener> taken = ListenAddresses.read(directories.conf()).unavailable();
        if (!taken.isEmpty()) {
            throw new InvalidConfigurationException("cannot listen, address already in use: " + taken);
        }
    }

    /**
     * groups.xml is read again when the server starts; reading it here first turns an error into one line before
     * any port is open (the stack trace at DEBUG).
     */
    private static void checkGroups(Path groups) {
        if (!Files.exists(groups)) {
            return;
        }
        try {
            GroupsFile.read(groups);
        } catch (InvalidGroupsException e) {
            LOGGER.debug("Invalid {}", groups, e);
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause != e) {
            message.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ")
                .append(cause.getMessage()).append(')');
        }
        return message.toString();
    }
}
