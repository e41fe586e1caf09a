package io.groupmailbox.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the self-signed TLS keystore that the shipped {@code conf/} points at, on first start only.
 *
 * <p>STARTTLS must work out of the box (submission and IMAP require it before AUTH), yet a private key
 * must never ship in the repository: so each data directory gets its own, made by the JDK's keytool.
 */
final class SelfSignedKeystore {

    static final String RELATIVE_PATH = "tls/keystore.p12";
    static final String PASSWORD = "group-mailbox";
    private static final Logger LOGGER = LoggerFactory.getLogger(SelfSignedKeystore.class);

    private SelfSignedKeystore() {
    }

    static void ensureExists(Path dataDirectory) throws IOException, InterruptedException {
        Path keystore = dataDirectory.resolve(RELATIVE_PATH);
        if (Files.exists(keystore)) {
            return;
        }
        Files.createDirectories(keystore.getParent());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(),
            "-genkeypair", "-alias", "james", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", PASSWORD, "-keypass", PASSWORD))
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool could not create " + keystore + ": " + output);
        }
        LOGGER.info("Created a self-signed TLS certificate for localhost in {}", keystore);
    }
}
