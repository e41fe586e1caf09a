package io.groupmailbox.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the project's {@code conf/} for one test server: every listener moved to a free port on
 * 127.0.0.1, DNS pointed at loopback only (tests never query a real resolver). Nothing else changes, so the
 * tests run the configuration that admins get.
 */
public record TestConfiguration(Path directory, int smtpPort, int submissionPort, int imapPort, int webAdminPort) {

    public static TestConfiguration create(Path directory) {
        TestConfiguration configuration = new TestConfiguration(directory, freePort(), freePort(), freePort(), freePort());
        configuration.write();
        return configuration;
    }

    public static Path projectConf() {
        return Path.of(System.getProperty("groupmailbox.conf", "../conf")).toAbsolutePath().normalize();
    }

    private void write() {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(projectConf())) {
                for (Path file : files.toList()) {
                    Files.copy(file, directory.resolve(file.getFileName()));
                }
            }
            rewrite("smtpserver.xml", "127.0.0.1:2525", "127.0.0.1:" + smtpPort);
            rewrite("smtpserver.xml", "127.0.0.1:2587", "127.0.0.1:" + submissionPort);
            rewrite("imapserver.xml", "127.0.0.1:2143", "127.0.0.1:" + imapPort);
            rewrite("webadmin.properties", "port=8000", "port=" + webAdminPort);
            Files.writeString(directory.resolve("dnsservice.xml"), """
                <?xml version="1.0"?>
                <dnsservice>
                    <servers><server>127.0.0.1</server></servers>
                    <autodiscover>false</autodiscover>
                    <authoritative>false</authoritative>
                    <maxcachesize>50000</maxcachesize>
                </dnsservice>
                """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RemoteDelivery hands every remote message to 127.0.0.1:{@code port} instead of the domain's MX. */
    public void relayThrough(int port) throws IOException {
        rewrite("mailetcontainer.xml", "<outgoingQueue>outgoing</outgoingQueue>",
            "<outgoingQueue>outgoing</outgoingQueue><gateway>127.0.0.1</gateway><gatewayPort>" + port + "</gatewayPort>");
    }

    public void rewrite(String file, String from, String to) throws IOException {
        Path path = directory.resolve(file);
        String content = Files.readString(path, StandardCharsets.UTF_8);
        if (!content.contains(from)) {
            throw new IllegalStateException(file + " no longer contains '" + from + "': update the test harness");
        }
        Files.writeString(path, content.replace(from, to), StandardCharsets.UTF_8);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
