package io.groupmailbox.server.testing;

import javax.inject.Inject;

import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.utils.GuiceProbe;
import org.apache.mailet.Mail;

/** The mail processors the spool hands each mail to: a test passes a mail through them as a (re)delivery would. */
public class SpoolProbe implements GuiceProbe {

    private final MailProcessor processor;

    @Inject
    public SpoolProbe(MailProcessor processor) {
        this.processor = processor;
    }

    /** Processes {@code mail} from its state, on this thread, as the spool does with a mail it dequeued. */
    public void process(Mail mail) throws Exception {
        processor.service(mail);
    }
}
