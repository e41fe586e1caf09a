package io.groupmailbox.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * SMTP written byte for byte, for messages no well-behaved library would send (folded header names, bare CR,
 * two From fields...). Returns the first refusal, or the final reply to DATA.
 */
public final class RawSmtpClient {

    /** The server's answer that ended the transaction: its code and its text. */
    public record Reply(int code, String text, String stage) {
        public boolean accepted() {
            return code == 250;
        }
    }

    private RawSmtpClient() {
    }

    /** STARTTLS, AUTH PLAIN as {@code user} when present, MAIL FROM, RCPT TO, DATA. */
    public static Reply send(int port, Optional<String> user, String password, String mailFrom, String rcptTo, byte[] message)
        throws Exception {
        try (Session session = Session.open(port)) {
            if (user.isPresent()) {
                Reply auth = session.authenticate(user.get(), password);
                if (auth.code() != 235) {
                    return auth;
                }
            }
            return session.send(mailFrom, rcptTo, message);
        }
    }

    /** One SMTP session over STARTTLS, for several transactions (e.g. a change on the server between two of them). */
    public static final class Session implements AutoCloseable {
        private final Socket plain;
        private Connection connection;

        private Session(Socket plain) {
            this.plain = plain;
        }

        public static Session open(int port) throws Exception {
            Socket plain = new Socket("127.0.0.1", port);
            Session session = new Session(plain);
            try {
                plain.setSoTimeout(30_000);
                session.connection = new Connection(plain);
                session.connection.expect(220, "greeting");
                session.connection.command("EHLO client.test", 250);
                session.connection.command("STARTTLS", 220);
                SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
                tls.startHandshake();
                session.connection = new Connection(tls);
                session.connection.command("EHLO client.test", 250);
                return session;
            } catch (Exception e) {
                plain.close();
                throw e;
            }
        }

        public Reply authenticate(String user, String password) throws IOException {
            String credentials = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            return connection.command("AUTH PLAIN " + credentials, 235);
        }

        /** One command line and the next reply the server sends (which shows whether an earlier answer is pending). */
        public Reply command(String line) throws IOException {
            return connection.command(line, 0);
        }

        /** One transaction; after a refusal the session is reset (RSET) so that another can follow. */
        public Reply send(String mailFrom, String rcptTo, byte[] message) throws IOException {
            return send(mailFrom, List.of(rcptTo), message);
        }

        /** One transaction to several recipients; the first refused RCPT ends it. */
        public Reply send(String mailFrom, List<String> rcptTo, byte[] message) throws IOException {
            Reply mail = connection.command("MAIL FROM:<" + mailFrom + ">", 250);
            if (!mail.accepted()) {
                return reset(mail);
            }
            for (String recipient : rcptTo) {
                Reply rcpt = connection.command("RCPT TO:<" + recipient + ">", 250);
                if (!rcpt.accepted()) {
                    return reset(rcpt);
                }
            }
            Reply data = connection.command("DATA", 354);
            if (data.code() != 354) {
                return reset(data);
            }
            try {
                connection.out.write(dotStuffed(message));
                connection.out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                connection.out.flush();
            } catch (IOException closedByServer) {
                // the server may answer and close while we still write: its answer is what counts
            }
            return connection.read("end of DATA");
        }

        private Reply reset(Reply refusal) {
            try {
                connection.command("RSET", 250);
            } catch (IOException closed) {
                // a refusal may close the connection; the refusal is the answer
            }
            return refusal;
        }

        @Override
        public void close() throws IOException {
            try {
                connection.command("QUIT", 221);
            } catch (IOException alreadyClosed) {
                // some refusals close the connection
            } finally {
                plain.close();
            }
        }
    }

    private static byte[] dotStuffed(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n")) {
            text = text + "\r\n";
        }
        return text.replace("\r\n.", "\r\n..").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final class Connection {
        private final BufferedReader in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        Reply command(String line, int expected) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(line.split(" ")[0]);
        }

        Reply expect(int code, String stage) throws IOException {
            Reply reply = read(stage);
            if (reply.code() != code) {
                throw new IOException("Expected " + code + " at " + stage + ", got " + reply);
            }
            return reply;
        }

        Reply read(String stage) throws IOException {
            StringBuilder text = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("Connection closed at " + stage);
                }
                text.append(line.substring(Math.min(4, line.length()))).append(' ');
            } while (line.length() > 3 && line.charAt(3) == '-');
            return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString().trim(), stage);
        }
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the test server's certificate is self-signed
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
