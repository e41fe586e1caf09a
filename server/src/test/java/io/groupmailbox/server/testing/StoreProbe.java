package io.groupmailbox.server.testing;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.utils.GuiceProbe;

/** Store-level access for assertions the issues ask to make "on the store", not through a protocol. */
public class StoreProbe implements GuiceProbe {

    private final MailboxManager mailboxManager;

    @Inject
    public StoreProbe(MailboxManager mailboxManager) {
        this.mailboxManager = mailboxManager;
    }

    public MailboxManager mailboxManager() {
        return mailboxManager;
    }
}
