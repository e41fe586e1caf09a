package io.groupmailbox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupMember;
import io.groupmailbox.group.NotifyMode;
import io.groupmailbox.group.Role;
import io.groupmailbox.identity.SenderMode;

class GroupDigestTest {

    private static final Username ALICE = Username.of("alice@example.fr");
    private static final GroupDefinition SUPPORT = new GroupDefinition(Username.of("support@example.fr"), "Support",
        SenderMode.SEND_AS, true, NotifyMode.DIGEST, Duration.ofMinutes(5), Optional.empty(),
        List.of(new GroupMember(ALICE, Role.REPLIER, true, Map.of())), GroupDefinition.Origin.REST);

    private static GroupDigest.Entry entry(long uid, String headers) throws MessagingException {
        return GroupDigest.Entry.read(uid, new ByteArrayInputStream((headers + "\r\n").getBytes(StandardCharsets.UTF_8)), new Date(0));
    }

    @Test
    void anEntryIsReadFromTheStoredHeaders() throws Exception {
        GroupDigest.Entry entry = entry(7, "Return-Path: <customer@remote.test>\r\nFrom: Customer <customer@remote.test>\r\n"
            + "Subject: =?UTF-8?Q?Caf=C3=A9_ferm=C3=A9?=\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n");

        assertThat(entry.subject()).isEqualTo("Café fermé");
        assertThat(entry.sender()).isEqualTo("Customer <customer@remote.test>");
        assertThat(entry.listedFor(ALICE)).isTrue();
    }

    @Test
    void robotsMailAndTheMembersOwnMailAreNotListedForThem() throws Exception {
        assertThat(entry(1, "Return-Path: <robot@remote.test>\r\nAuto-Submitted: auto-replied\r\nSubject: Away\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(2, "Return-Path: <alice@example.fr>\r\nFrom: support@example.fr\r\nSubject: Re: x\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(3, "Return-Path: <customer@remote.test>\r\nAuto-Submitted: no\r\nSubject: Hello\r\n").listedFor(ALICE)).isTrue();
        assertThat(entry(4, "Subject: stored without a Return-Path\r\n").listedFor(ALICE)).isTrue();
    }

    @Test
    void machineMailIsNotListed() throws Exception {
        assertThat(entry(1, "Return-Path: <>\r\nAuto-Submitted: no\r\nSubject: Bounce\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(2, "Return-Path: <x@remote.test>\r\nContent-Type: multipart/report;\r\n report-type=disposition-notification;"
            + " boundary=b\r\nSubject: Read\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(3, "Return-Path: <x@remote.test>\r\nAuto-Submitted: Auto-Generated (cron)\r\nSubject: Cron\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(4, "Return-Path: <x@remote.test>\r\nPrecedence: bulk\r\nSubject: News\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(5, "Return-Path: <x@remote.test>\r\nPrecedence: junk\r\nSubject: Ads\r\n").listedFor(ALICE)).isFalse();
        assertThat(entry(6, "Return-Path: <x@remote.test>\r\nPrecedence: list\r\nSubject: List\r\n").listedFor(ALICE)).isTrue();
    }

    @Test
    void theSummaryCountsListsAndPointsToTheFolder() throws Exception {
        MimeMessage digest = GroupDigest.of(SUPPORT, ALICE, List.of(
            entry(1, "From: a@remote.test\r\nSubject: First\r\n"), entry(2, "From: b@remote.test\r\nSubject: Second\r\n")));

        assertThat(digest.getSubject()).isEqualTo("[Support] 2 new messages");
        assertThat(digest.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat((String) digest.getContent()).contains("- First (from a@remote.test, ", "- Second (from b@remote.test, ",
            "Groups.Support.INBOX");
        assertThat(GroupDigest.subject(SUPPORT, 1)).isEqualTo("[Support] 1 new message");
    }

    @Test
    void aLongSummaryIsCut() throws Exception {
        List<GroupDigest.Entry> entries = IntStream.rangeClosed(1, GroupDigest.MAX_LINES + 5)
            .mapToObj(uid -> new GroupDigest.Entry(uid, "Message " + uid, "x@remote.test", new Date(0), false,
                org.apache.james.core.MaybeSender.nullSender()))
            .toList();

        String text = (String) GroupDigest.of(SUPPORT, ALICE, entries).getContent();

        assertThat(text).contains("Message " + GroupDigest.MAX_LINES + " ", "… and 5 more").doesNotContain("Message " + (GroupDigest.MAX_LINES + 1) + " ");
    }

    @Test
    void theSchedulerPausesBetweenOneAndTenSeconds() {
        assertThat(DigestScheduler.pause(Optional.empty())).isEqualTo(Duration.ofSeconds(10));
        assertThat(DigestScheduler.pause(Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(DigestScheduler.pause(Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(10));
    }
}
