package io.groupmailbox.server.testing;

import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

/** IMAP with Jakarta Mail 1.6, STARTTLS before login as the server requires. */
public class ImapClient {

    private final int port;

    public ImapClient(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Logs in as {@code user}; close the store when done. */
    public Store login(String user, String password) throws MessagingException {
        Store store = Session.getInstance(properties()).getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        return store;
    }

    /**
     * Delegated login: AUTHENTICATE PLAIN with authorization identity {@code asUser} and the credentials of
     * {@code user} (RFC 4616), opening {@code asUser}'s mailboxes.
     */
    public Store loginAs(String asUser, String user, String password) throws MessagingException {
        Properties properties = properties();
        properties.put("mail.imap.sasl.authorizationid", asUser);
        properties.put("mail.imap.auth.mechanisms", "PLAIN");
        properties.put("mail.imap.auth.login.disable", "true");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", port, user, password);
        return store;
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put("mail.imap.starttls.enable", "true");
        properties.put("mail.imap.starttls.required", "true");
        properties.put("mail.imap.ssl.trust", "*");
        properties.put("mail.imap.ssl.checkserveridentity", "false");
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "30000");
        return properties;
    }
}
