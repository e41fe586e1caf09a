package io.groupmailbox.smtp;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.groupmailbox.audit.GroupAudit;
import io.groupmailbox.login.AppPasswords;
import io.groupmailbox.login.GroupLogin;

/**
 * SMTP AUTH PLAIN / LOGIN to a group account with a member's app password: {@code AUTH PLAIN
 * \0support@example.fr\0<app password>}. The session is then the member's, exactly as if they had logged in with
 * their own password (the sender policy, the group's Sent copy, {@code X-Group-Sent-By}, {@code Sender:} and the
 * answered keyword all name the member), and its mail carries {@value #LOGIN_METHOD_ATTRIBUTE} =
 * {@code app-password} for the audit. Each MAIL FROM checks that the member still belongs to the group and that the
 * app password was not revoked ({@code 530 5.7.0} otherwise). Other credentials are left to James's own hook.
 *
 * <pre>
 * &lt;handler class="io.groupmailbox.smtp.GroupAccountAuthHook"/&gt;   (submission handler chain)
 * </pre>
 */
public class GroupAccountAuthHook implements AuthHook, MailHook, JamesMessageHook {

    public static final String LOGIN_METHOD_ATTRIBUTE = "groupMailbox.loginMethod";
    private static final ProtocolSession.AttachmentKey<GroupLogin> LOGIN =
        ProtocolSession.AttachmentKey.of("groupMailbox.groupLogin", GroupLogin.class);

    private final AppPasswords appPasswords;
    private final GroupAudit audit;

    @Inject
    public GroupAccountAuthHook(AppPasswords appPasswords, GroupAudit audit) {
        this.appPasswords = appPasswords;
        this.audit = audit;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (!AppPasswords.looksLikeAppPassword(password)) {
            return HookResult.DECLINED;
        }
        Optional<GroupLogin> login = appPasswords.verify(username, password);
        if (login.isEmpty()) {
            return HookResult.DECLINED;
        }
        session.setUsername(login.get().member());
        session.setRelayingAllowed(true);
        session.setAttachment(LOGIN, login.get(), ProtocolSession.State.Connection);
        audit.login(login.get().group(), login.get().member(), login.get().method().asString(), "smtp",
            session.getRemoteAddress().getAddress().getHostAddress());
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.ok())
            .smtpDescription("Authentication Successful")
            .build();
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Optional<GroupLogin> login = session.getAttachment(LOGIN, ProtocolSession.State.Connection);
        if (login.isEmpty() || appPasswords.stillValid(login.get())) {
            return HookResult.DECLINED;
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("530")
            .smtpDescription("5.7.0 This app password was revoked or " + login.get().member().asString()
                + " is no longer a member of " + login.get().group().asString())
            .build();
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(LOGIN, ProtocolSession.State.Connection).ifPresent(login ->
            mail.setAttribute(new Attribute(AttributeName.of(LOGIN_METHOD_ATTRIBUTE), AttributeValue.of(login.method().asString()))));
        return HookResult.DECLINED;
    }
}
