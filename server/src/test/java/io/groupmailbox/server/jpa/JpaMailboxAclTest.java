package io.groupmailbox.server.jpa;

import org.apache.james.mailbox.MailboxManager;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.StoreProbe;

/** The ACL contract on the embedded server's store: JPA over Derby, restarted for real. */
class JpaMailboxAclTest implements MailboxAclContract {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @Override
    public MailboxManager mailboxManager() {
        return server.probe(StoreProbe.class).mailboxManager();
    }

    @Override
    public void restart() throws Exception {
        server.restart();
    }
}
