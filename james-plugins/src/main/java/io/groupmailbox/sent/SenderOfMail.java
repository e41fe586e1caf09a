package io.groupmailbox.sent;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.Username;
import org.apache.mailet.Mail;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.identity.AddressNormalizer;
import io.groupmailbox.identity.james.AuthenticatedUser;

/**
 * Which group, if any, a mail was sent as: the authenticated member (James's {@code SMTPAuthUser} attribute)
 * put the group's address in From:, and the group lets that member send as it. The SMTP hook has already
 * refused every From: the member may not use; this only recognises the group case.
 */
final class SenderOfMail {

    record SentAsGroup(GroupDefinition group, GroupMember member) {
    }

    private SenderOfMail() {
    }

    static Optional<SentAsGroup> sentAsGroup(Mail mail, GroupRepository groups) {
        Optional<Username> user = AuthenticatedUser.of(mail);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return firstFrom(mail)
            .flatMap(from -> groups.get(Username.of(from)))
            .filter(GroupDefinition::membersMaySend)
            .flatMap(group -> group.member(user.get()).filter(GroupMember::maySend).map(member -> new SentAsGroup(group, member)));
    }

    private static Optional<String> firstFrom(Mail mail) {
        try {
            String[] from = mail.getMessage().getHeader("From");
            if (from == null || from.length != 1) {
                return Optional.empty();
            }
            InternetAddress[] addresses = InternetAddress.parseHeader(from[0], true);
            if (addresses.length != 1) {
                return Optional.empty();
            }
            return AddressNormalizer.normalize(addresses[0].getAddress()).map(address -> address.asString());
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }
}
