package io.groupmailbox.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HeaderIdentityParserTest {

    private static final HeaderIdentityParser PARSER = new HeaderIdentityParser(PolicyOptions.defaults());

    @Nested
    class LegitimateHeaders {

        @Test
        void fromMailboxIsClaimed() {
            assertThat(claims("From: Alice Martin <alice@example.fr>\r\nTo: bob@example.fr\r\n\r\nHi\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }

        @Test
        void headerSectionWithoutBodyOrFinalCrlfIsRead() {
            assertThat(claims("From: alice@example.fr")).containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }

        @Test
        void foldedFromIsUnfolded() {
            assertThat(claims("From: \"Alice Martin\"\r\n <alice@example.fr>,\r\n\tbob@example.fr\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr", "bob@example.fr"));
        }

        @Test
        void quotedDisplayNameWithCommaIsOneMailbox() {
            assertThat(claims("From: \"Dupont, Jean\" <jean@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "jean@example.fr"));
        }

        /** Display names as French address books and real clients write them (Thunderbird, Apple Mail, Gmail, Outlook). */
        @Test
        void displayNamesWithACommaAccentsQuotesOrEmojiAreAccepted() {
            List<String> fromFields = List.of(
                "From: =?UTF-8?Q?Dupont=2C_J=C3=A9r=C3=B4me?= <jerome@example.fr>",
                "From: =?UTF-8?B?RHVwb250LCBKw6lyw7RtZQ==?= <jerome@example.fr>",
                "From: \"=?UTF-8?Q?Dupont=2C_J=C3=A9r=C3=B4me?=\" <jerome@example.fr>",
                "From: \"Dupont, Jerome\" <jerome@example.fr>",
                "From: \"O'Brien, Sean (Support)\" <jerome@example.fr>",
                "From: \"Jean \\\"JJ\\\" Dupont, DSI\" <jerome@example.fr>",
                "From: =?UTF-8?B?8J+YgCBEdXBvbnQsIErDqXLDtG1l?= <jerome@example.fr>",
                "From: =?ISO-8859-1?Q?Dupont=2C_J=E9r=F4me?= <jerome@example.fr>",
                "From: jerome@example.fr (Dupont, =?UTF-8?Q?J=C3=A9r=C3=B4me?=)");
            for (String from : fromFields) {
                assertThat(PARSER.parse(bytes(from + "\r\n\r\n"), false)).as(from)
                    .isEqualTo(ClaimedIdentities.of(claim(IdentityField.FROM, "jerome@example.fr")));
            }
        }

        @Test
        void displayNameWithQuotedPairIsOneMailbox() {
            assertThat(claims("From: \"Jean \\\"JD\\\" Dupont\" <jean@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "jean@example.fr"));
        }

        @Test
        void encodedDisplayNameWithAccentsIsAccepted() {
            assertThat(claims("From: =?UTF-8?Q?J=C3=A9r=C3=B4me_Dupont?= <jerome@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "jerome@example.fr"));
        }

        @Test
        void displayNameThatIsTheSameAddressIsAccepted() {
            assertThat(claims("From: \"ALICE@example.fr\" <alice@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
            assertThat(claims("From: \"'alice@example.fr'\" <alice@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }

        @Test
        void commentAfterTheAddressIsAccepted() {
            assertThat(claims("From: alice@example.fr (Alice Martin)\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }

        @Test
        void severalMailboxesInFromAreAllReturned() {
            assertThat(claims("From: <alice@example.fr>, Bob <bob@example.fr>\r\nSender: alice@example.fr\r\n\r\n"))
                .containsExactly(
                    claim(IdentityField.FROM, "alice@example.fr", "bob@example.fr"),
                    claim(IdentityField.SENDER, "alice@example.fr"));
        }

        @Test
        void addressFollowedByAngleAddressIsTwoMailboxes() {
            assertThat(claims("From: bob@example.fr,<alice@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "bob@example.fr", "alice@example.fr"));
        }

        @Test
        void everyIdentityFieldIsReturnedInMessageOrderAndReplyToIsIgnored() {
            String headers = "Resent-From: carol@example.fr\r\n"
                + "Resent-Sender: dave@example.fr\r\n"
                + "Resent-From: erin@example.fr\r\n"
                + "Reply-To: sales@example.fr\r\n"
                + "FROM: alice@example.fr\r\n"
                + "sender: bob@example.fr\r\n"
                + "\r\n";

            assertThat(claims(headers)).containsExactly(
                claim(IdentityField.RESENT_FROM, "carol@example.fr"),
                claim(IdentityField.RESENT_SENDER, "dave@example.fr"),
                claim(IdentityField.RESENT_FROM, "erin@example.fr"),
                claim(IdentityField.FROM, "alice@example.fr"),
                claim(IdentityField.SENDER, "bob@example.fr"));
        }

        @Test
        void fieldsInTheBodyAreNotRead() {
            assertThat(claims("From: alice@example.fr\r\n\r\nFrom: bob@example.fr\r\nFrom: carol@example.fr\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }

        @Test
        void eightBitBytesOutsideIdentityFieldsAreNotTheParsersConcern() {
            byte[] message = "Subject: d\u00e9j\u00e0\r\nFrom: alice@example.fr\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(PARSER.parse(message, false)).isInstanceOf(ClaimedIdentities.class);
        }

        @Test
        void utf8AddressIsAcceptedAndNormalisedWithSmtpUtf8() {
            byte[] message = "From: J\u00e9r\u00f4me <J\u00c9R\u00d4ME@ex\u00e9mple.fr>\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            HeaderParseResult result = PARSER.parse(message, true);

            assertThat(((ClaimedIdentities) result).identities())
                .containsExactly(claim(IdentityField.FROM, "j\u00e9r\u00f4me@xn--exmple-cva.fr"));
        }

        @Test
        void nfdAddressIsNormalisedToNfcWithSmtpUtf8() {
            byte[] message = "From: rene\u0301@example.fr\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(((ClaimedIdentities) PARSER.parse(message, true)).identities())
                .containsExactly(claim(IdentityField.FROM, "ren\u00e9@example.fr"));
        }

        @Test
        void displayNameAddressIsAcceptedWhenTheAdminAllowsIt() {
            HeaderIdentityParser allowing = new HeaderIdentityParser(new PolicyOptions(true, DisplayNameAddress.ALLOW));

            HeaderParseResult result = allowing.parse(bytes("From: \"bob@example.fr\" <alice@example.fr>\r\n\r\n"), false);

            assertThat(((ClaimedIdentities) result).identities()).containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }
    }

    @Nested
    class DuplicateOrMissingFields {

        @Test
        void twoFromFieldsAreMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nFrom: bob@example.fr\r\n\r\n"))
                .isEqualTo("the message has 2 From: fields");
        }

        @Test
        void twoFromFieldsDifferingInCaseAreMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nfROM: bob@example.fr\r\n\r\n"))
                .isEqualTo("the message has 2 From: fields");
        }

        @Test
        void twoSenderFieldsAreMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nSender: alice@example.fr\r\nSender: bob@example.fr\r\n\r\n"))
                .isEqualTo("the message has 2 Sender: fields");
        }

        @Test
        void messageWithoutFromIsMalformed() {
            assertThat(malformed("Sender: alice@example.fr\r\n\r\n")).isEqualTo("the message has no From: field");
            assertThat(malformed("\r\nFrom: alice@example.fr\r\n")).isEqualTo("the message has no From: field");
        }

        @Test
        void emptyFromIsMalformed() {
            assertThat(malformed("From: \r\n\r\n")).isEqualTo("From: names no mailbox");
        }

        @Test
        void senderWithTwoMailboxesIsMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nSender: alice@example.fr, bob@example.fr\r\n\r\n"))
                .startsWith("Sender:").contains("exactly one");
        }
    }

    @Nested
    class GroupSyntax {

        @Test
        void groupInFromIsMalformed() {
            assertThat(malformed("From: support: alice@example.fr;\r\n\r\n")).startsWith("From:").contains("group syntax");
        }

        @Test
        void emptyGroupIsMalformed() {
            assertThat(malformed("From: undisclosed-recipients:;\r\n\r\n")).contains("group syntax");
        }

        @Test
        void groupAfterAMailboxIsMalformed() {
            assertThat(malformed("From: alice@example.fr, support: bob@example.fr;\r\n\r\n")).contains("group syntax");
        }
    }

    @Nested
    class HeaderNameAndFoldingTricks {

        @Test
        void indentedFirstLineIsMalformed() {
            assertThat(malformed(" From: bob@example.fr\r\nFrom: alice@example.fr\r\n\r\n")).contains("starts with an indented line");
            assertThat(malformed("\tFrom: bob@example.fr\r\nFrom: alice@example.fr\r\n\r\n")).contains("starts with an indented line");
        }

        @Test
        void whitespaceBeforeTheColonIsMalformed() {
            assertThat(malformed("From : bob@example.fr\r\n\r\n")).contains("\"From \"");
            assertThat(malformed("From\t: bob@example.fr\r\n\r\n")).contains("field name");
        }

        @Test
        void foldedFieldNameIsMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nSender\r\n : bob@example.fr\r\n\r\n"))
                .contains("\"Sender\"").contains("not a field");
        }

        @Test
        void mboxFromLineIsMalformed() {
            assertThat(malformed("From bob@example.fr Mon Jan  1 00:00:00 2024\r\nFrom: alice@example.fr\r\n\r\n"))
                .contains("field name");
        }

        @Test
        void lineWithoutColonIsMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nnot a field\r\n\r\n")).contains("not a field");
        }

        @Test
        void foldedLineThatLooksLikeAnIdentityFieldIsMalformed() {
            assertThat(malformed("Subject: hello\r\n From: bob@example.fr\r\nFrom: alice@example.fr\r\n\r\n"))
                .startsWith("Subject:").contains("looks like a field");
            assertThat(malformed("From: alice@example.fr\r\nX-Note: x\r\n\tresent-sender : bob@example.fr\r\n\r\n"))
                .startsWith("X-Note:");
        }

        @Test
        void foldedLineOfOnlyWhitespaceIsMalformed() {
            assertThat(malformed("From: alice@example.fr\r\nSubject: hi\r\n \t\r\nSender: bob@example.fr\r\n\r\n"))
                .startsWith("Subject:").contains("only whitespace");
        }

        @Test
        void foldedSubjectMentioningFromInTheMiddleIsAccepted() {
            assertThat(claims("Subject: a message\r\n forwarded From: the board\r\nFrom: alice@example.fr\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }
    }

    @Nested
    class EncodedWords {

        @Test
        void encodedWordAsLocalPartIsMalformed() {
            assertThat(malformed("From: =?utf-8?q?bob?=@example.fr\r\n\r\n")).startsWith("From:").contains("encoded-word");
        }

        @Test
        void encodedWordAsWholeAddressIsMalformed() {
            assertThat(malformed("From: =?utf-8?q?bob=40example.fr?=\r\n\r\n")).startsWith("From:").contains("encoded-word");
        }

        @Test
        void encodedWordAsDomainIsMalformed() {
            assertThat(malformed("From: bob@=?utf-8?q?example.fr?=\r\n\r\n")).startsWith("From:");
        }

        @Test
        void encodedDisplayNameDecodingToAnAddressIsMalformed() {
            assertThat(malformed("From: =?utf-8?q?bob=40example.fr?= <alice@example.fr>\r\n\r\n"))
                .startsWith("From:").contains("encoded display name").contains("'@'");
        }

        @Test
        void encodedDisplayNameDecodingToAnAngleAddressIsMalformed() {
            assertThat(malformed("From: =?utf-8?b?PGJvYj4=?= <alice@example.fr>\r\n\r\n")).contains("'<'");
        }

        @Test
        void encodedWordThatCannotBeDecodedIsMalformedNotAnError() {
            assertThat(malformed("From: =?utf-8?q?Bob= ?= <alice@example.fr>\r\n\r\n")).contains("cannot be decoded");
        }

        @Test
        void foldInsideAnEncodedWordIsMalformed() {
            // Joined without the fold's whitespace, as some programs unfold, each reads "news@list.test" or "a.lice@…".
            for (String folded : List.of(
                "From:=\r\n ?utf-8?q?news=40list=2Etest?= <alice@example.fr>\r\n\r\n",
                "From: =?\r\n utf-8?q?news=40list=2Etest?= <alice@example.fr>\r\n\r\n",
                "From: =?utf-8?q?news=40list=2Etest?\r\n = <alice@example.fr>\r\n\r\n",
                "From: =?utf-8?q?a=2Elice=40example=\r\n 2Efr?= <support@example.fr>\r\n\r\n")) {
                assertThat(malformed(folded)).as(folded).contains("folded inside an RFC 2047 encoded-word");
            }
        }

        @Test
        void encodedWordsSeparatedByAFoldAreAccepted() {
            assertThat(claims("From: =?utf-8?q?Dupont=2C?=\r\n =?utf-8?q?_J=C3=A9r=C3=B4me?= <alice@example.fr>\r\n\r\n"))
                .containsExactly(claim(IdentityField.FROM, "alice@example.fr"));
        }

        @Test
        void unencodedDisplayNameWithAnAngleBracketIsMalformed() {
            assertThat(malformed("From: \"Bob <ceo>\" <alice@example.fr>\r\n\r\n")).contains("\"Bob <ceo>\"");
        }

        @Test
        void encodedWordInsideQuotesDecodingToAnAddressIsMalformed() {
            assertThat(malformed("From: \"=?utf-8?q?bob=40example.fr?=\" <alice@example.fr>\r\n\r\n"))
                .contains("encoded display name");
        }

        @Test
        void encodedDisplayNameDecodingToALineBreakIsMalformed() {
            assertThat(malformed("From: =?utf-8?q?Alice=0D=0ABcc=3A_x?= <alice@example.fr>\r\n\r\n"))
                .contains("control characters");
        }

        @Test
        void encodedWordInsideAWordIsJudgedAsLenientClientsDecodeIt() {
            assertThat(malformed("From: bob=?utf-8?q?=40?=example.fr <alice@example.fr>\r\n\r\n"))
                .contains("\"bob@example.fr\"");
        }

        @Test
        void addressSplitOverTwoEncodedWordsIsMalformed() {
            assertThat(malformed("From: =?utf-8?q?bob?= =?utf-8?b?QGV4YW1wbGUuZnI=?= <alice@example.fr>\r\n\r\n"))
                .contains("\"bob@example.fr\"");
        }

        @Test
        void encodedDisplayNameDecodingToAFullWidthAtSignIsMalformed() {
            assertThat(malformed("From: =?utf-8?q?bob=EF=BC=A0example.fr?= <alice@example.fr>\r\n\r\n"))
                .contains("encoded display name");
        }

        @Test
        void encodedAddressDisplayNameIsMalformedEvenWhenTheAdminAllowsDisplayNameAddresses() {
            HeaderIdentityParser allowing = new HeaderIdentityParser(new PolicyOptions(true, DisplayNameAddress.ALLOW));

            assertThat(allowing.parse(bytes("From: =?utf-8?q?bob=40example.fr?= <alice@example.fr>\r\n\r\n"), false))
                .isInstanceOf(Malformed.class);
        }
    }

    @Nested
    class DisplayNameAddresses {

        @Test
        void quotedDisplayNameThatIsAnotherAddressIsMalformed() {
            assertThat(malformed("From: \"bob@example.fr\" <alice@example.fr>\r\n\r\n"))
                .isEqualTo("From: has the display name \"bob@example.fr\", which looks like an address other than alice@example.fr");
        }

        @Test
        void commentThatIsAnotherAddressIsMalformed() {
            assertThat(malformed("From: alice@example.fr (bob@example.fr)\r\n\r\n")).contains("bob@example.fr");
        }

        @Test
        void fullWidthAtSignInDisplayNameIsMalformed() {
            byte[] message = "From: \"bob\uff20example.fr\" <alice@example.fr>\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(PARSER.parse(message, true)).isInstanceOf(Malformed.class);
        }

        @Test
        void unquotedDisplayNameWithAtSignIsMalformed() {
            assertThat(malformed("From: bob@example.fr <alice@example.fr>\r\n\r\n")).startsWith("From:");
        }
    }

    @Nested
    class AddressGrammarTricks {

        @Test
        void sourceRouteIsMalformed() {
            assertThat(malformed("From: <@x.example,@y.example:bob@example.fr>\r\n\r\n")).contains("source route");
        }

        @Test
        void quotedPairOutsideQuotesIsMalformed() {
            assertThat(malformed("From: bob\\,@example.fr\r\n\r\n")).startsWith("From:");
        }

        @Test
        void quotedLocalPartIsMalformed() {
            assertThat(malformed("From: \"bob\\,\"@example.fr\r\n\r\n")).startsWith("From:");
            assertThat(malformed("From: \"alice\"@example.fr\r\n\r\n")).startsWith("From:");
        }

        @Test
        void textAfterTheAngleAddressIsMalformed() {
            assertThat(malformed("From: <alice@example.fr>bob@example.fr\r\n\r\n")).startsWith("From:");
            assertThat(malformed("From: <alice@example.fr> bob@example.fr\r\n\r\n")).startsWith("From:");
        }

        @Test
        void twoAngleAddressesWithoutCommaAreMalformed() {
            assertThat(malformed("From: <alice@example.fr> <bob@example.fr>\r\n\r\n")).startsWith("From:");
        }

        @Test
        void unquotedCommaInDisplayNameIsMalformed() {
            assertThat(malformed("From: Dupont, Jean <jean@example.fr>\r\n\r\n")).startsWith("From:");
        }

        @Test
        void commentInsideTheLocalPartIsMalformed() {
            assertThat(malformed("From: alice(bob)@example.fr\r\n\r\n")).startsWith("From:");
        }

        @Test
        void addressWithoutDomainIsMalformed() {
            assertThat(malformed("From: alice\r\n\r\n")).contains("no @domain");
        }

        @Test
        void addressLiteralIsMalformed() {
            assertThat(malformed("From: alice@[192.0.2.1]\r\n\r\n")).contains("address literal");
        }

        @Test
        void unterminatedAngleAddressIsMalformed() {
            assertThat(malformed("From: Alice <alice@example.fr\r\n\r\n")).startsWith("From:");
        }

        @Test
        void trailingDotDomainIsMalformed() {
            assertThat(malformed("From: alice@example.fr.\r\n\r\n")).startsWith("From:");
        }
    }

    @Nested
    class BytesAndCharacters {

        @Test
        void nulByteIsMalformed() {
            assertThat(malformed("From: alice@example.fr\0\r\n\r\n")).isEqualTo("From: contains a NUL byte");
        }

        @Test
        void bareCrIsMalformed() {
            assertThat(malformed("From: alice@example.fr\rFrom: bob@example.fr\r\n\r\n")).startsWith("From:").contains("bare CR");
        }

        @Test
        void bareLfInAnyFieldIsMalformed() {
            assertThat(malformed("Subject: hi\nFrom: bob@example.fr\r\nFrom: alice@example.fr\r\n\r\n"))
                .startsWith("Subject:").contains("bare LF");
        }

        @Test
        void bareLfBeforeTheBodyIsMalformed() {
            assertThat(malformed("From: alice@example.fr\n\nFrom: bob@example.fr\r\n\r\n")).contains("bare LF");
        }

        @Test
        void otherControlCharacterInFromIsMalformed() {
            assertThat(malformed("From: Alice\u0007 <alice@example.fr>\r\n\r\n")).isEqualTo("From: contains a control character");
        }

        @Test
        void unicodeLineSeparatorInFromIsMalformed() {
            byte[] message = "From: Alice\u2028From: bob <alice@example.fr>\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(((Malformed) PARSER.parse(message, true)).reason()).isEqualTo("From: contains a control character");
        }

        @Test
        void eightBitFromWithoutSmtpUtf8IsMalformed() {
            byte[] message = "From: ren\u00e9@example.fr\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(((Malformed) PARSER.parse(message, false)).reason()).contains("SMTPUTF8");
        }

        @Test
        void eightBitDisplayNameWithoutSmtpUtf8IsMalformed() {
            byte[] message = "From: Ren\u00e9 <rene@example.fr>\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(PARSER.parse(message, false)).isInstanceOf(Malformed.class);
        }

        @Test
        void invalidUtf8IsMalformedEvenWithSmtpUtf8() {
            byte[] message = "From: ren\u00e9@example.fr\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

            assertThat(((Malformed) PARSER.parse(message, true)).reason()).isEqualTo("From: is not valid UTF-8");
        }

        @Test
        void invisibleCharacterInUtf8LocalPartIsMalformed() {
            byte[] message = "From: ali\u200bce@example.fr\r\n\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(PARSER.parse(message, true)).isInstanceOf(Malformed.class);
        }

        @Test
        void quotedTextInReasonsHasNoControlCharacters() {
            String reason = malformed(" From: bob\u000b@example.fr\u001b[2J\r\nFrom: alice@example.fr\r\n\r\n");

            assertThat(reason).contains("bob?@example.fr?[2J").doesNotContain("\u000b", "\u001b");
        }
    }

    @Nested
    class HeaderSize {

        /** {@code From: alice}, then ordinary padding fields of about {@code paddingBytes}, then {@code last}. */
        private static String padded(int paddingBytes, String last) {
            StringBuilder header = new StringBuilder("From: alice@example.fr\r\n");
            for (int i = 0; header.length() < paddingBytes; i++) {
                header.append(String.format("X-Pad-%04d: %s\r\n", i, "x".repeat(60)));
            }
            return header.append(last).append("\r\n\r\nbody\r\n").toString();
        }

        @Test
        void anIdentityFieldBeyondTheLimitMakesTheWholeHeaderSectionTooLarge() {
            for (String last : List.of("Sender: bob@example.fr", "Resent-From: bob@example.fr", "From: bob@example.fr")) {
                byte[] message = bytes(padded(300 * 1024, last));

                assertThat(PARSER.parse(message, false)).as(last).isEqualTo(new HeaderTooLarge(HeaderIdentityParser.MAX_HEADER_BYTES));
            }
        }

        @Test
        void anIdentityFieldJustWithinTheLimitIsJudged() {
            assertThat(PARSER.parse(bytes(padded(200 * 1024, "Sender: bob@example.fr")), false))
                .isEqualTo(ClaimedIdentities.of(claim(IdentityField.FROM, "alice@example.fr"), claim(IdentityField.SENDER, "bob@example.fr")));
        }

        @Test
        void aHeaderSectionOfExactlyTheLimitIsJudgedAndOneByteMoreIsNot() throws Exception {
            String start = "From: alice@example.fr\r\nX-Pad: ";
            int fill = HeaderIdentityParser.MAX_HEADER_BYTES - start.length() - 2;
            byte[] atTheLimit = bytes(start + "x".repeat(fill) + "\r\n\r\nbody");
            byte[] overTheLimit = bytes(start + "x".repeat(fill + 1) + "\r\n\r\nbody");

            assertThat(PARSER.parse(atTheLimit, false)).isInstanceOf(ClaimedIdentities.class);
            assertThat(PARSER.parse(overTheLimit, false)).isInstanceOf(HeaderTooLarge.class);
            assertThat(PARSER.parse(HeaderIdentityParser.readHeaderSection(new java.io.ByteArrayInputStream(atTheLimit)), false))
                .isInstanceOf(ClaimedIdentities.class);
            assertThat(PARSER.parse(HeaderIdentityParser.readHeaderSection(new java.io.ByteArrayInputStream(overTheLimit)), false))
                .isInstanceOf(HeaderTooLarge.class);
        }

        @Test
        void readingAHeaderSectionStopsAtItsEmptyLineAndAtTheLimit() throws Exception {
            byte[] read = HeaderIdentityParser.readHeaderSection(new java.io.ByteArrayInputStream(
                bytes("From: alice@example.fr\r\n\r\nFrom: bob@example.fr\r\n")));
            byte[] endless = HeaderIdentityParser.readHeaderSection(new java.io.ByteArrayInputStream(
                bytes(padded(2 * HeaderIdentityParser.MAX_HEADER_BYTES, "Sender: bob@example.fr"))));
            byte[] noHeader = HeaderIdentityParser.readHeaderSection(new java.io.ByteArrayInputStream(
                bytes("\r\nFrom: bob@example.fr\r\n\r\n")));

            assertThat(new String(read, StandardCharsets.US_ASCII)).isEqualTo("From: alice@example.fr\r\n\r\n");
            assertThat(endless).hasSize(HeaderIdentityParser.MAX_HEADER_BYTES + 2);
            assertThat(noHeader).hasSize(2);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<ClaimedIdentity> claims(String headers) {
        HeaderParseResult result = PARSER.parse(bytes(headers), false);
        assertThat(result).as(result.toString()).isInstanceOf(ClaimedIdentities.class);
        return ((ClaimedIdentities) result).identities();
    }

    private static String malformed(String headers) {
        HeaderParseResult result = PARSER.parse(bytes(headers), false);
        assertThat(result).as(result.toString()).isInstanceOf(Malformed.class);
        return ((Malformed) result).reason();
    }

    private static ClaimedIdentity claim(IdentityField field, String... addresses) {
        return new ClaimedIdentity(field, List.of(addresses).stream()
            .map(address -> AddressNormalizer.normalize(address).orElseThrow())
            .toList());
    }
}
