package io.groupmailbox.server.imap;

import java.util.Map;

import javax.inject.Inject;

import org.apache.james.imap.processor.AppendProcessor;
import org.apache.james.imap.processor.AuthenticateProcessor;
import org.apache.james.imap.processor.CopyProcessor;
import org.apache.james.imap.processor.ExamineProcessor;
import org.apache.james.imap.processor.ExpungeProcessor;
import org.apache.james.imap.processor.LoginProcessor;
import org.apache.james.imap.processor.MoveProcessor;
import org.apache.james.imap.processor.SelectProcessor;
import org.apache.james.imap.processor.StatusProcessor;
import org.apache.james.imap.processor.StoreProcessor;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;

/**
 * James 3.8.1's IMAP package (every command, parser and encoder of {@link ImapPackage#DEFAULT}) with the processors
 * of {@link RefusingProcessors} and {@link ClientAddressAtLogin} in place of James's own, and the encoder of {@code NO [NOPERM]}. Named by
 * {@code <imapPackages>} in {@code conf/imapserver.xml}.
 */
public class GroupMailboxImapPackage extends ImapPackage.Impl {

    private static final Map<Class<?>, Class<?>> REPLACED = Map.of(
        StoreProcessor.class, RefusingProcessors.Store.class,
        ExpungeProcessor.class, RefusingProcessors.Expunge.class,
        AppendProcessor.class, RefusingProcessors.Append.class,
        CopyProcessor.class, RefusingProcessors.Copy.class,
        MoveProcessor.class, RefusingProcessors.Move.class,
        SelectProcessor.class, RefusingProcessors.Select.class,
        ExamineProcessor.class, RefusingProcessors.Examine.class,
        StatusProcessor.class, RefusingProcessors.Status.class,
        LoginProcessor.class, ClientAddressAtLogin.Login.class,
        AuthenticateProcessor.class, ClientAddressAtLogin.Authenticate.class);

    @Inject
    public GroupMailboxImapPackage() {
        super(DEFAULT.processors().stream()
                .map(GroupMailboxImapPackage::replaced)
                .collect(ImmutableList.toImmutableList()),
            ImmutableList.copyOf(DEFAULT.decoders()),
            ImmutableList.<ClassName>builder()
                .addAll(DEFAULT.encoders())
                .add(new ClassName(NoPermissionResponse.Encoder.class.getName()))
                .build());
    }

    private static ClassName replaced(ClassName processor) {
        return REPLACED.entrySet().stream()
            .filter(entry -> entry.getKey().getName().equals(processor.getName()))
            .map(entry -> new ClassName(entry.getValue().getName()))
            .findFirst()
            .orElse(processor);
    }
}
