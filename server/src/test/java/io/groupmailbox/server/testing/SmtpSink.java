package io.groupmailbox.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The rest of the Internet, for tests: a minimal SMTP server on 127.0.0.1 that accepts every message and keeps
 * it. The test server's RemoteDelivery relays through it ({@link GroupMailboxServerExtension#withRelaySink()}).
 */
public final class SmtpSink implements AutoCloseable {

    /** One message as received: envelope and the raw content (dot-unstuffed). */
    public record Received(String mailFrom, List<String> recipients, String content) {
    }

    private final ServerSocket serverSocket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SmtpSink() {
        try {
            serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits for a message matching {@code condition}; fails after {@code timeout}. */
    public Received await(Predicate<Received> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received message : received) {
                if (condition.test(message)) {
                    return message;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No relayed message matched within " + timeout + "; received: " + received);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                Thread session = new Thread(() -> serve(socket), "smtp-sink-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sink.test ESMTP");
            String mailFrom = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line.toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 sink.test");
                    case "MAIL" -> {
                        mailFrom = between(line);
                        recipients = new ArrayList<>();
                        reply(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(between(line));
                        reply(out, "250 2.1.5 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 go on");
                        StringBuilder content = new StringBuilder();
                        String dataLine;
                        while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                            content.append(dataLine.startsWith(".") ? dataLine.substring(1) : dataLine).append("\r\n");
                        }
                        received.add(new Received(mailFrom, List.copyOf(recipients), content.toString()));
                        reply(out, "250 2.0.0 kept");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    case "RSET", "NOOP" -> reply(out, "250 OK");
                    default -> reply(out, "502 5.5.1 not here");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String between(String line) {
        int start = line.indexOf('<');
        int end = line.indexOf('>', start + 1);
        return start >= 0 && end > start ? line.substring(start + 1, end) : line;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
