package io.groupmailbox.server.testing;

import java.util.Properties;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** SMTP with Jakarta Mail 1.6: submission (STARTTLS + AUTH, as a mail client does) and the MX port (no AUTH). */
public class SmtpClient {

    private final int smtpPort;
    private final int submissionPort;

    SmtpClient(int smtpPort, int submissionPort) {
        this.smtpPort = smtpPort;
        this.submissionPort = submissionPort;
    }

    /** Submits as {@code user}; throws the server's refusal (an {@code SMTPSendFailedException}) if any. */
    public void submit(String user, String password, MimeMessage message) throws MessagingException {
        Session session = Session.getInstance(properties(submissionPort, true));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", submissionPort, user, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** Submits over the submission port without authenticating. */
    public void submitWithoutAuthentication(MimeMessage message) throws MessagingException {
        Session session = Session.getInstance(properties(submissionPort, false));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", submissionPort, null, null);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** Delivers as another mail server would, to the MX port: no AUTH, envelope from {@code envelopeFrom}. */
    public void deliver(String envelopeFrom, MimeMessage message, String... recipients) throws MessagingException {
        Properties properties = properties(smtpPort, false);
        properties.put("mail.smtp.from", envelopeFrom);
        Session session = Session.getInstance(properties);
        Address[] to = new Address[recipients.length];
        for (int i = 0; i < recipients.length; i++) {
            to[i] = new InternetAddress(recipients[i]);
        }
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", smtpPort, null, null);
            transport.sendMessage(message, to);
        }
    }

    public static MimeMessage message(String from, String to, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        message.saveChanges();
        return message;
    }

    private static Properties properties(int port, boolean authenticate) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.auth", String.valueOf(authenticate));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", String.valueOf(authenticate));
        properties.put("mail.smtp.ssl.trust", "*");
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        return properties;
    }
}
