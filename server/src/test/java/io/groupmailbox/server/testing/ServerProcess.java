package io.groupmailbox.server.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.groupmailbox.server.GroupMailboxServerMain;

/**
 * The server in a JVM of its own, started as the launcher starts it, so that a test can kill it with SIGKILL
 * (kill -9) as a power cut would, and start it again on the same data.
 */
public class ServerProcess implements AutoCloseable {

    private final TestConfiguration configuration;
    private final Path data;
    private final Path log;
    private Process process;

    public ServerProcess(TestConfiguration configuration, Path data, Path log) {
        this.configuration = configuration;
        this.data = data;
        this.log = log;
    }

    public void start() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                GroupMailboxServerMain.class.getName(), "run",
                "--conf", configuration.directory().toString(), "--data", data.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
            .until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                return accepts(configuration.smtpPort()) && accepts(configuration.imapPort())
                    && accepts(configuration.webAdminPort());
            });
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already on disk. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
