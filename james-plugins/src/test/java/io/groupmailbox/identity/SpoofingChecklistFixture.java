package io.groupmailbox.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;

/**
 * The setup and the cases of {@code spoofing-checklist.md} as data, shared by the pure policy test
 * ({@link SpoofingChecklistTest}) and the SMTP tests, which provision the same setup through WebAdmin
 * and submit each case's envelope and header block.
 *
 * <p>Setup: domain example.fr with domain alias example.com; alice@example.fr with alias a.lice@example.fr;
 * alice is a member of support@example.fr (members may send, send-as) and of sales@example.fr (members may
 * not send); boss@example.fr delegated to alice (send-on-behalf); alice confirmed the external account
 * alice@gmail.test and registered, without confirming, alice@other.test; bob@example.fr is another user.
 */
public final class SpoofingChecklistFixture {

    public static final Username ALICE = Username.of("alice@example.fr");
    public static final Username BOB = Username.of("bob@example.fr");
    public static final Username BOSS = Username.of("boss@example.fr");
    public static final Domain EXAMPLE_FR = Domain.of("example.fr");
    public static final Domain EXAMPLE_COM = Domain.of("example.com");
    public static final NormalizedAddress ALICE_ALIAS = address("a.lice@example.fr");
    public static final NormalizedAddress SUPPORT = address("support@example.fr");
    public static final NormalizedAddress SALES = address("sales@example.fr");
    public static final NormalizedAddress ALICE_GMAIL = address("alice@gmail.test");
    public static final NormalizedAddress ALICE_OTHER = address("alice@other.test");
    /** An alias with a non-ASCII local part, added for case 20 only (written here in NFC). */
    public static final NormalizedAddress RENE_NFC = address("ren\u00e9@example.fr");

    private SpoofingChecklistFixture() {
    }

    /** A fresh index holding the checklist setup. */
    public static SenderIdentityIndex index() {
        return SenderIdentityIndex.of(
            List.of(UserIdentity.of(ALICE, ALICE_ALIAS), UserIdentity.of(BOB), UserIdentity.of(BOSS)),
            Map.of(EXAMPLE_COM, EXAMPLE_FR),
            List.of(
                new Group(SUPPORT, true, SenderMode.SEND_AS, Map.of(ALICE, true)),
                new Group(SALES, false, SenderMode.SEND_AS, Map.of(ALICE, true))),
            List.of(Delegation.of(BOSS, ALICE)),
            List.of(
                new ExternalAccount(ALICE, ALICE_GMAIL, true),
                new ExternalAccount(ALICE, ALICE_OTHER, false)));
    }

    public static NormalizedAddress address(String address) {
        return AddressNormalizer.normalize(address)
            .orElseThrow(() -> new IllegalArgumentException(address + " is not a plain address"));
    }

    public enum Verdict {
        /** Every claimed address is allowed: the message is accepted. */
        ACCEPT,
        /** A claimed address is not allowed: 5.7.1 naming the field and the address. */
        REFUSE,
        /** The header section is refused before any address is judged: 5.7.1 naming the field. */
        MALFORMED
    }

    /**
     * @param source          for ACCEPT the From: claim's source, for REFUSE the refused claim's source
     * @param mode            for ACCEPT the From: claim's mode
     * @param reasonMentions  texts the one-line reason must contain (the field, the address)
     */
    public record Expected(Verdict verdict, Optional<Source> source, Optional<SenderMode> mode,
                           List<String> reasonMentions) {

        static Expected accept(Source source, SenderMode mode) {
            return new Expected(Verdict.ACCEPT, Optional.of(source), Optional.of(mode), List.of());
        }

        static Expected refuse(IdentityField field, String address, Source source) {
            return new Expected(Verdict.REFUSE, Optional.of(source), Optional.empty(),
                List.of(field.displayName() + ":", address));
        }

        static Expected malformed(String... reasonMentions) {
            return new Expected(Verdict.MALFORMED, Optional.empty(), Optional.empty(), List.of(reasonMentions));
        }
    }

    /** An admin change made before the case's message is submitted (for case 27, with the session open). */
    public sealed interface Change {
        void applyTo(SenderIdentityIndex index);
    }

    public record ConfirmExternalAccount(Username user, NormalizedAddress address) implements Change {
        @Override
        public void applyTo(SenderIdentityIndex index) {
            index.putExternalAccount(new ExternalAccount(user, address, true));
        }
    }

    public record RemoveMember(NormalizedAddress group, Username member) implements Change {
        @Override
        public void applyTo(SenderIdentityIndex index) {
            index.removeMember(group, member);
        }
    }

    public record AddAlias(Username user, NormalizedAddress alias) implements Change {
        @Override
        public void applyTo(SenderIdentityIndex index) {
            index.addAlias(user, alias);
        }
    }

    /**
     * One row of the checklist.
     *
     * @param id                lower-case letter suffixes tell variants of one row apart: "13b"
     * @param authenticatedUser empty for a message submitted without AUTH (case 28)
     * @param mailFrom          the envelope sender as in {@code MAIL FROM:<…>}; "" for the null sender
     * @param headers           the header section and a short body, CRLF line ends unless the case is about them
     * @param smtpUtf8          whether the client negotiated SMTPUTF8
     */
    public record Case(String id, int number, String description, Optional<Username> authenticatedUser,
                       String mailFrom, String headers, boolean smtpUtf8, List<Change> changes, Expected expected) {

        public Case {
            Objects.requireNonNull(expected, "expected");
            changes = List.copyOf(changes);
        }

        /** Case 28 needs an SMTP server without AUTH; every other case is decided by the pure layer. */
        public boolean decidableWithoutSmtp() {
            return authenticatedUser.isPresent();
        }

        /** The message as the client sends it: UTF-8, which is raw 8-bit wherever the text is not ASCII. */
        public byte[] messageBytes() {
            return headers.getBytes(StandardCharsets.UTF_8);
        }

        public Optional<NormalizedAddress> envelopeSender() {
            return mailFrom.isEmpty() ? Optional.empty() : Optional.of(address(mailFrom));
        }

        @Override
        public String toString() {
            return id + ": " + description + " -> " + expected.verdict();
        }
    }

    public static List<Case> cases() {
        return List.of(
            alice("1", 1, "envelope and From: alice@example.fr", "alice@example.fr",
                message("From: Alice Martin <alice@example.fr>"), Expected.accept(Source.OWN, SenderMode.SEND_AS)),
            alice("2a", 2, "From: a.lice@example.fr, her alias", "a.lice@example.fr",
                message("From: a.lice@example.fr"), Expected.accept(Source.ALIAS, SenderMode.SEND_AS)),
            alice("2b", 2, "From: alice@example.com, example.com being a domain alias of example.fr", "alice@example.com",
                message("From: alice@example.com"), Expected.accept(Source.DOMAIN_ALIAS, SenderMode.SEND_AS)),
            alice("3", 3, "From: support@example.fr, a group whose members may send as it", "support@example.fr",
                message("From: Support <support@example.fr>"), Expected.accept(Source.GROUP, SenderMode.SEND_AS)),
            alice("4", 4, "From: sales@example.fr, a group whose members may not send as it", "alice@example.fr",
                message("From: sales@example.fr"), Expected.refuse(IdentityField.FROM, "sales@example.fr", Source.GROUP)),
            alice("5", 5, "From: bob@example.fr, another user", "alice@example.fr",
                message("From: bob@example.fr"), Expected.refuse(IdentityField.FROM, "bob@example.fr", Source.NONE)),
            alice("6", 6, "From: boss@example.fr, who delegated to alice (send-on-behalf)", "alice@example.fr",
                message("From: boss@example.fr"), Expected.accept(Source.DELEGATION, SenderMode.SEND_ON_BEHALF)),
            alice("7", 7, "From: boss@example.fr with a client-written Sender: mallory@example.fr (refused, not rewritten)",
                "alice@example.fr", message("From: boss@example.fr", "Sender: mallory@example.fr"),
                Expected.refuse(IdentityField.SENDER, "mallory@example.fr", Source.NONE)),
            alice("8", 8, "envelope alice@example.fr, header From: bob@example.fr", "alice@example.fr",
                message("From: bob@example.fr"), Expected.refuse(IdentityField.FROM, "bob@example.fr", Source.NONE)),
            alice("9", 9, "envelope bob@example.fr, header From: alice@example.fr", "bob@example.fr",
                message("From: alice@example.fr"), Expected.refuse(IdentityField.MAIL_FROM, "bob@example.fr", Source.NONE)),
            alice("10a", 10, "two From: fields", "alice@example.fr",
                message("From: alice@example.fr", "From: bob@example.fr"), Expected.malformed("2 From: fields")),
            alice("10b", 10, "two Sender: fields", "alice@example.fr",
                message("From: alice@example.fr", "Sender: alice@example.fr", "Sender: bob@example.fr"),
                Expected.malformed("2 Sender: fields")),
            alice("11", 11, "From: <alice@example.fr>, <bob@example.fr>: every mailbox is checked", "alice@example.fr",
                message("From: <alice@example.fr>, <bob@example.fr>", "Sender: alice@example.fr"),
                Expected.refuse(IdentityField.FROM, "bob@example.fr", Source.NONE)),
            alice("12", 12, "group syntax in From: support: alice@example.fr;", "alice@example.fr",
                message("From: support: alice@example.fr;"), Expected.malformed("From:", "group syntax")),
            alice("13a", 13, "header-name trick: ' From:' with a leading space as the first line", "alice@example.fr",
                " From: bob@example.fr\r\n" + message("From: alice@example.fr"), Expected.malformed("indented line")),
            alice("13b", 13, "header-name trick: 'From :' with a space before the colon", "alice@example.fr",
                message("From: alice@example.fr", "From : bob@example.fr"), Expected.malformed("\"From \"")),
            alice("13c", 13, "header-name trick: folded field name 'From\\r\\n :'", "alice@example.fr",
                message("From: alice@example.fr", "From", " : bob@example.fr"), Expected.malformed("\"From\"")),
            alice("13d", 13, "obs-fold trick: a folded line ' From: bob@example.fr' inside Subject:", "alice@example.fr",
                "Subject: hello\r\n From: bob@example.fr\r\n" + message("From: alice@example.fr"),
                Expected.malformed("Subject:", "looks like a field")),
            alice("13e", 13, "obs-fold trick: a folded line of only whitespace, read as the end of the header by some",
                "alice@example.fr", "From: alice@example.fr\r\nSubject: hello\r\n \r\nSender: bob@example.fr\r\n\r\nbody\r\n",
                Expected.malformed("Subject:", "only whitespace")),
            alice("14a", 14, "RFC 2047 encoded-word standing for the whole address", "alice@example.fr",
                message("From: =?utf-8?q?bob=40example.fr?="), Expected.malformed("From:")),
            alice("14b", 14, "RFC 2047 encoded-word as the local part", "alice@example.fr",
                message("From: =?utf-8?q?bob?=@example.fr"), Expected.malformed("From:", "encoded-word")),
            alice("14c", 14, "RFC 2047 encoded display name hiding a second address", "alice@example.fr",
                message("From: =?utf-8?q?bob=40example.fr=2C?= <alice@example.fr>"),
                Expected.malformed("From:", "encoded display name")),
            alice("15", 15, "display name that is another address: \"bob@example.fr\" <alice@example.fr>", "alice@example.fr",
                message("From: \"bob@example.fr\" <alice@example.fr>"), Expected.malformed("From:", "bob@example.fr")),
            alice("16a", 16, "route address <@x,@y:bob@example.fr>", "alice@example.fr",
                message("From: <@x.example,@y.example:bob@example.fr>"), Expected.malformed("From:", "source route")),
            alice("16b", 16, "quoted-pair trick bob\\,@example.fr", "alice@example.fr",
                message("From: bob\\,@example.fr"), Expected.malformed("From:")),
            alice("16c", 16, "bob@example.fr,<alice@example.fr> is two mailboxes: bob is refused", "alice@example.fr",
                message("From: bob@example.fr,<alice@example.fr>"),
                Expected.refuse(IdentityField.FROM, "bob@example.fr", Source.NONE)),
            alice("16d", 16, "garbage after the angle address: <alice@example.fr>bob@example.fr", "alice@example.fr",
                message("From: <alice@example.fr>bob@example.fr"), Expected.malformed("From:")),
            alice("17a", 17, "NUL byte in From:", "alice@example.fr",
                message("From: alice@example.fr\0bob@example.fr"), Expected.malformed("From:", "NUL")),
            alice("17b", 17, "bare CR in From:", "alice@example.fr",
                message("From: alice@example.fr\rFrom: bob@example.fr"), Expected.malformed("From:", "bare CR")),
            alice("17c", 17, "bare LF in a header, hiding a From: from CRLF-only parsers", "alice@example.fr",
                message("From: alice@example.fr", "Subject: hi\nFrom: bob@example.fr"), Expected.malformed("Subject:", "bare LF")),
            alice("17d", 17, "raw 8-bit bytes in From: without SMTPUTF8", "alice@example.fr",
                message("From: Al\u00efce <alice@example.fr>"), Expected.malformed("From:", "SMTPUTF8")),
            alice("18", 18, "ALICE@EXAMPLE.FR: one case rule everywhere", "ALICE@EXAMPLE.FR",
                message("From: ALICE@EXAMPLE.FR"), Expected.accept(Source.OWN, SenderMode.SEND_AS)),
            new Case("19a", 19, "look-alike domain with a Cyrillic \u0430 in ex\u0430mple.fr (SMTPUTF8)",
                Optional.of(ALICE), "alice@example.fr", message("From: alice@ex\u0430mple.fr"), true, List.of(),
                Expected.refuse(IdentityField.FROM, "alice@xn--exmple-4nf.fr", Source.NONE)),
            alice("19b", 19, "look-alike domain in its xn-- form", "alice@example.fr",
                message("From: alice@xn--exmple-4nf.fr"),
                Expected.refuse(IdentityField.FROM, "alice@xn--exmple-4nf.fr", Source.NONE)),
            new Case("20", 20, "Unicode local part in NFD matches the alias registered in NFC (SMTPUTF8)",
                Optional.of(ALICE), "alice@example.fr", message("From: rene\u0301@example.fr"), true,
                List.of(new AddAlias(ALICE, RENE_NFC)), Expected.accept(Source.ALIAS, SenderMode.SEND_AS)),
            alice("21", 21, "sub-address alice+tag@example.fr", "alice+tag@example.fr",
                message("From: alice+tag@example.fr"), Expected.accept(Source.OWN, SenderMode.SEND_AS)),
            alice("22", 22, "Sender: bob@example.fr with From: alice@example.fr", "alice@example.fr",
                message("From: alice@example.fr", "Sender: bob@example.fr"),
                Expected.refuse(IdentityField.SENDER, "bob@example.fr", Source.NONE)),
            alice("23a", 23, "Resent-From: bob@example.fr", "alice@example.fr",
                message("Resent-From: bob@example.fr", "From: alice@example.fr"),
                Expected.refuse(IdentityField.RESENT_FROM, "bob@example.fr", Source.NONE)),
            alice("23b", 23, "Resent-Sender: bob@example.fr with Resent-From: alice@example.fr", "alice@example.fr",
                message("Resent-From: alice@example.fr", "Resent-Sender: bob@example.fr", "From: alice@example.fr"),
                Expected.refuse(IdentityField.RESENT_SENDER, "bob@example.fr", Source.NONE)),
            alice("24", 24, "Reply-To: sales@example.fr is not a claim of authorship", "alice@example.fr",
                message("From: alice@example.fr", "Reply-To: sales@example.fr"), Expected.accept(Source.OWN, SenderMode.SEND_AS)),
            alice("25", 25, "null envelope sender MAIL FROM:<> on submission", "",
                message("From: alice@example.fr"), Expected.refuse(IdentityField.MAIL_FROM, "<>", Source.NONE)),
            alice("26a", 26, "From: alice@other.test, registered but not confirmed", "alice@example.fr",
                message("From: alice@other.test"), Expected.refuse(IdentityField.FROM, "alice@other.test", Source.EXTERNAL)),
            new Case("26b", 26, "From: alice@other.test after confirmation", Optional.of(ALICE), "alice@other.test",
                message("From: alice@other.test"), false, List.of(new ConfirmExternalAccount(ALICE, ALICE_OTHER)),
                Expected.accept(Source.EXTERNAL, SenderMode.SEND_AS)),
            alice("26c", 26, "From: alice@gmail.test, registered and confirmed", "alice@gmail.test",
                message("From: alice@gmail.test"), Expected.accept(Source.EXTERNAL, SenderMode.SEND_AS)),
            new Case("27", 27, "alice removed from support@ while her session is open; next message From: support@",
                Optional.of(ALICE), "alice@example.fr", message("From: support@example.fr"), false,
                List.of(new RemoveMember(SUPPORT, ALICE)), Expected.refuse(IdentityField.FROM, "support@example.fr", Source.GROUP)),
            new Case("28", 28, "port 25 without AUTH, MAIL FROM and From: a local address, to a local user",
                Optional.empty(), "alice@example.fr", message("From: alice@example.fr"), false, List.of(),
                Expected.refuse(IdentityField.MAIL_FROM, "alice@example.fr", Source.NONE)));
    }

    /** The checklist rows (1 to 28) that the cases cover. */
    public static List<Integer> coveredNumbers() {
        return cases().stream().map(Case::number).distinct().sorted().collect(Collectors.toList());
    }

    private static Case alice(String id, int number, String description, String mailFrom, String headers,
                              Expected expected) {
        return new Case(id, number, description, Optional.of(ALICE), mailFrom, headers, false, List.of(), expected);
    }

    /** A message to carol@example.net with these identity lines (each ended with CRLF), a subject and a body. */
    private static String message(String... identityLines) {
        return Arrays.stream(identityLines).map(line -> line + "\r\n").collect(Collectors.joining())
            + "To: carol@example.net\r\n"
            + "Subject: checklist\r\n"
            + "\r\n"
            + "Hello.\r\n";
    }
}
