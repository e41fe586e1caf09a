package io.groupmailbox.smtp;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;

/**
 * Refuses MAIL FROM until the client has authenticated: the rule of a submission port (RFC 6409 §4.3).
 *
 * <p>James 3.8.1 only asks for AUTH before relaying to a remote domain; on a submission port mail to a
 * local user must need it too, or anyone could deliver "internal" mail there.
 * <pre>
 * &lt;handlerchain&gt;
 *     &lt;handler class="io.groupmailbox.smtp.RequireAuthenticationHook"/&gt;
 *     &lt;handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/&gt;
 * &lt;/handlerchain&gt;
 * </pre>
 */
public class RequireAuthenticationHook implements MailHook {

    static final HookResult AUTHENTICATION_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Authentication required on the submission port")
        .build();

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            return AUTHENTICATION_REQUIRED;
        }
        return HookResult.DECLINED;
    }
}
