package io.groupmailbox.sent;

import java.io.IOException;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.apache.mailet.Mail;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.GroupRepository;
import io.groupmailbox.identity.HeaderIdentityParser;
import io.groupmailbox.identity.NormalizedAddress;
import io.groupmailbox.identity.PolicyOptions;
import io.groupmailbox.identity.james.AuthenticatedUser;
import io.groupmailbox.smtp.SenderIdentityHook;

/**
 * Which group, if any, a mail was sent as: the authenticated member (James's {@code SMTPAuthUser} attribute)
 * put the group's address in From:, and the group lets that member send as it. The SMTP hook has already
 * refused every From: the member may not use; this only recognises the group case.
 */
final class SenderOfMail {

    record SentAsGroup(GroupDefinition group, GroupMember member) {
    }

    private static final HeaderIdentityParser PARSER = new HeaderIdentityParser(PolicyOptions.defaults());

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

    // The SMTP hook's parser, on the same bytes: the group recognised here is the address the policy judged.
    private static Optional<String> firstFrom(Mail mail) {
        try {
            return PARSER.singleFromMailbox(SenderIdentityHook.headerSection(mail.getMessage())).map(NormalizedAddress::asString);
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }
}
