package io.groupmailbox.smtp;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * Refuses at RCPT a recipient longer than RFC 5321 allows (local part 64 octets, domain 255), with {@code 501 5.1.3}.
 * James 3.8.1 accepted such a recipient and failed only in delivery ("username length should not be longer than
 * 255"): the sender heard of it, if at all, from a bounce.
 *
 * <pre>
 * &lt;handler class="io.groupmailbox.smtp.AddressLengthHook"/&gt;
 * </pre>
 */
public class AddressLengthHook implements RcptHook {

    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        int localPart = rcpt.getLocalPart().length();
        int domain = rcpt.getDomain().asString().length();
        if (localPart <= MAX_LOCAL_PART && domain <= MAX_DOMAIN) {
            return HookResult.DECLINED;
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("501")
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_SYNTAX)
                + " Address too long: the local part may have " + MAX_LOCAL_PART + " octets and the domain " + MAX_DOMAIN
                + " (RFC 5321 4.5.3.1)")
            .build();
    }
}
