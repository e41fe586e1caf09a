package io.groupmailbox.identity;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Messages that compose, at random, the header tricks of the spoofing literature ("Composition Kills", USENIX
 * Security 2020; the espoofer cases) over every identity field and the envelope, for alice of
 * {@link SpoofingChecklistFixture}: field-name case and spacing, folding anywhere, duplicates, comments, quoted
 * local parts, encoded words, raw 8-bit, bare CR/LF/NUL, padding before a field (up to past the header limit),
 * trailing dots, IP literals, look-alike domains, several mailboxes, group syntax, routes, display names that are
 * addresses, a field folded into another one.
 *
 * <p>Each message carries its ground truth, kept by the generator and not by any parser: whether any text that a
 * lenient reader could take for an identity names an address outside alice's grants ({@link Message#namesForbidden()}),
 * or an address of a served domain ({@link Message#namesLocal()}).
 */
public final class HeaderTricks {

    /** An address as written, and what it is for alice: outside her grants, in a served domain. */
    public record Written(String text, boolean forbidden, boolean local) {
        public Written {
            // The generator's own check that an address it marks allowed names nothing else.
            if (!forbidden && text.chars().anyMatch(c -> c > 0x7F)) {
                throw new IllegalArgumentException(text);
            }
        }
    }

    /** Text for a header field, with what it names. */
    private record Part(String text, boolean forbidden, boolean local, String trick) {

        static Part of(String text, Written... named) {
            return new Part(text, List.of(named).stream().anyMatch(Written::forbidden),
                List.of(named).stream().anyMatch(Written::local), "");
        }

        Part withTrick(String name) {
            return new Part(text, forbidden, local, trick.isEmpty() ? name : trick + "+" + name);
        }

        Part and(Part other, String separator) {
            return new Part(text + separator + other.text, forbidden || other.forbidden, local || other.local,
                trick.isEmpty() ? other.trick : other.trick.isEmpty() ? trick : trick + "," + other.trick);
        }
    }

    /**
     * A generated submission: the envelope sender as written after {@code MAIL FROM:}, the header section and a
     * body, and the ground truth over the envelope and every identity field.
     */
    public record Message(String mailFrom, String header, boolean namesForbidden, boolean namesLocal, List<String> tricks) {

        public byte[] bytes() {
            return (header + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String shown = header.length() > 2000 ? header.substring(0, 600) + "…[" + header.length() + " chars]…"
                + header.substring(header.length() - 600) : header;
            return "MAIL FROM:<" + mailFrom + "> tricks=" + tricks + " namesForbidden=" + namesForbidden
                + " namesLocal=" + namesLocal + "\n" + escape(shown);
        }
    }

    public static final Set<String> LOCAL_DOMAINS = Set.of("example.fr", "example.com");

    private static final List<Written> ALLOWED = List.of(
        new Written("alice@example.fr", false, true),
        new Written("a.lice@example.fr", false, true),
        new Written("alice@example.com", false, true),
        new Written("ALICE@Example.FR", false, true),
        new Written("alice+news@example.fr", false, true),
        new Written("support@example.fr", false, true),
        new Written("boss@example.fr", false, true),
        new Written("alice@gmail.test", false, false));

    private static final List<Written> FORBIDDEN = List.of(
        new Written("bob@example.fr", true, true),
        new Written("BOB@EXAMPLE.COM", true, true),
        new Written("sales@example.fr", true, true),
        new Written("support+x@example.fr", true, true),
        new Written("boss+x@example.fr", true, true),
        new Written("bob@example.fr.", true, true),
        new Written("\"bob\"@example.fr", true, true),
        new Written("alice@other.test", true, false),
        new Written("ceo@evil.test", true, false),
        new Written("bob@sub.example.fr", true, false),
        new Written("alice@ex\u0430mple.fr", true, false),
        new Written("alice@" + IDN.toASCII("ex\u0430mple.fr"), true, false),
        new Written("alice@[127.0.0.1]", true, false),
        new Written("bob@[IPv6:::1]", true, false),
        new Written("alice@example.fr@evil.test", true, true));

    // Addresses of other servers: outside alice's grants, not local.
    private static final List<Written> REMOTE = List.of(
        new Written("someone@remote.test", true, false),
        new Written("news@list.test", true, false),
        new Written("Someone.Else@Remote.Test", true, false));

    private static final String[] IDENTITY_FIELDS = {"From", "Sender", "Resent-From", "Resent-Sender"};
    private static final String[] INJECTED = {"\r", "\n", "\0", "\u0085", "\u00e9", "\u2028"};

    private HeaderTricks() {
    }

    /** Addresses as alice writes them on submission: mostly her own grants. */
    public static Arbitrary<Written> alicesAddresses() {
        return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(ALLOWED)),
            Tuple.of(1, Arbitraries.of(FORBIDDEN)),
            Tuple.of(1, Arbitraries.of(REMOTE)));
    }

    /** Addresses as mail from other servers carries them: mostly theirs. */
    public static Arbitrary<Written> internetAddresses() {
        return Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.of(REMOTE)),
            Tuple.of(1, Arbitraries.of(ALLOWED)),
            Tuple.of(1, Arbitraries.of(FORBIDDEN)));
    }

    /**
     * Random messages over {@code addresses}; most are well-formed, so that acceptances are common too. Each
     * has one From (sometimes none or two), and sometimes Sender, Resent-From and Resent-Sender.
     */
    public static Arbitrary<Message> messages(Arbitrary<Written> addresses) {
        Arbitrary<Part> field = identityField(addresses);
        Arbitrary<Part> none = Arbitraries.just(Part.of(""));
        return Combinators.combine(
                addresses,
                Arbitraries.frequencyOf(Tuple.of(12, identityField(addresses, "From").map(List::of)),
                    Tuple.of(1, Arbitraries.just(List.<Part>of())),
                    Tuple.of(1, identityField(addresses, "From").list().ofSize(2))),
                Arbitraries.frequencyOf(Tuple.of(3, none), Tuple.of(1, field)).list().ofMaxSize(3),
                fillerFields(addresses).list().ofMaxSize(4),
                Arbitraries.longs())
            .as((envelope, from, others, filler, seed) -> {
                List<Part> identity = new ArrayList<>(from);
                others.stream().filter(part -> !part.text.isEmpty()).forEach(identity::add);
                return compose(envelope, identity, filler, seed);
            });
    }

    private static Message compose(Written envelope, List<Part> identity, List<Part> filler, long shuffleSeed) {
        List<Part> fields = new ArrayList<>(identity);
        fields.addAll(filler);
        // Most messages keep From first, as clients write it; the rest shuffle every field.
        Random random = new Random(shuffleSeed);
        if (random.nextInt(3) == 0) {
            java.util.Collections.shuffle(fields, random);
        }
        String header = fields.stream().map(part -> part.text + "\r\n").collect(Collectors.joining());
        boolean forbidden = envelope.forbidden() || fields.stream().anyMatch(Part::forbidden);
        boolean local = envelope.local() || fields.stream().anyMatch(Part::local);
        List<String> tricks = fields.stream().map(Part::trick).filter(trick -> !trick.isEmpty()).toList();
        return new Message(envelope.text(), header, forbidden, local, tricks);
    }

    // ---- the pure decisions of the SMTP hook, on the checklist's grants -----------------------------------

    private static final HeaderIdentityParser PARSER = new HeaderIdentityParser(PolicyOptions.defaults());
    private static final SenderPolicy POLICY = new SenderPolicy(SpoofingChecklistFixture.index(), PolicyOptions.defaults());

    /**
     * What submission decides for alice: MAIL FROM must be an address James reads and the policy allows, then
     * the whole message is judged as the hook judges it; empty when James itself refuses the envelope.
     */
    public static Optional<SubmissionDecision> submission(Message message) {
        if (envelope(message).isEmpty()) {
            return Optional.empty();
        }
        Optional<NormalizedAddress> envelope = AddressNormalizer.normalize(envelope(message).get().asString());
        return Optional.of(POLICY.decide(SpoofingChecklistFixture.ALICE, envelope, PARSER.parse(message.bytes(), false)));
    }

    /** What the MX port finds claiming a local sender; empty when nothing does (the mail is accepted). */
    public static Optional<LocalSenderClaim> mxLocalClaim(Message message) {
        Optional<MailAddress> envelope = envelope(message);
        if (envelope.isEmpty()) {
            return Optional.of(new LocalSenderClaim("MAIL FROM", message.mailFrom(), "James refuses the envelope"));
        }
        return LocalSenderClaim.find(envelope.map(MailAddress::asString), PARSER.parse(message.bytes(), false),
            LOCAL_DOMAINS::contains);
    }

    private static Optional<MailAddress> envelope(Message message) {
        try {
            return Optional.of(new MailAddress(message.mailFrom()));
        } catch (AddressException | RuntimeException notAnAddress) {
            return Optional.empty();
        }
    }

    // ---- identity fields ---------------------------------------------------------------------------------

    private static Arbitrary<Part> identityField(Arbitrary<Written> addresses) {
        return Arbitraries.of(IDENTITY_FIELDS).flatMap(name -> identityField(addresses, name));
    }

    private static Arbitrary<Part> identityField(Arbitrary<Written> addresses, String fieldName) {
        return Combinators.combine(fieldName(fieldName), fieldValue(addresses), Arbitraries.of(": ", ":", ":\t", ":  "))
            .as((name, value, colon) -> new Part(name.text + colon + value.text, value.forbidden, value.local,
                join(name.trick, value.trick)))
            .flatMap(field -> Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.just(field)),
                // Not before the name: a field starting with CRLF puts an empty line, the end of the header, before it.
                Tuple.of(1, Arbitraries.integers().between(1, field.text.length()).map(at -> fold(field, at))),
                Tuple.of(1, Arbitraries.integers().between(0, field.text.length())
                    .flatMap(at -> Arbitraries.of(INJECTED).map(bytes -> inject(field, at, bytes)))),
                Tuple.of(1, padding().map(pad -> pad.and(field, "\r\n")))));
    }

    private static Arbitrary<Part> fieldName(String name) {
        return Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.just(new Part(name, false, false, ""))),
            Tuple.of(3, Arbitraries.just(new Part(name.toUpperCase(), false, false, "NAME-CASE"))),
            Tuple.of(3, Arbitraries.just(new Part(name.toLowerCase(), false, false, "name-case"))),
            Tuple.of(1, Arbitraries.just(new Part(name + " ", false, false, "space-before-colon"))),
            Tuple.of(1, Arbitraries.just(new Part(" " + name, false, false, "leading-space"))),
            Tuple.of(1, Arbitraries.just(new Part(name + "\r\n ", false, false, "folded-name"))));
    }

    private static Arbitrary<Part> fieldValue(Arbitrary<Written> addresses) {
        Arbitrary<Part> mailbox = mailbox(addresses);
        return Arbitraries.frequencyOf(
            Tuple.of(12, mailbox),
            Tuple.of(2, mailbox.list().ofMinSize(2).ofMaxSize(3).map(list -> joined(list, ", ", "several-mailboxes"))),
            Tuple.of(1, mailbox.list().ofMinSize(1).ofMaxSize(2)
                .map(list -> new Part("team: ", false, false, "").and(joined(list, ", ", "group-syntax"), "").and(Part.of(";"), ""))),
            Tuple.of(1, mailbox.list().ofMinSize(2).ofMaxSize(2).map(list -> joined(list, " ", "no-comma"))));
    }

    private static Part joined(List<Part> parts, String separator, String trick) {
        Part all = parts.get(0);
        for (Part part : parts.subList(1, parts.size())) {
            all = all.and(part, separator);
        }
        return all.withTrick(trick);
    }

    /** One mailbox naming {@code address}, and sometimes {@code other} in a place lenient readers look. */
    private static Arbitrary<Part> mailbox(Arbitrary<Written> addresses) {
        // Forms 0 to 6 and 10 are what clients write; the others are tricks, each rarer.
        Arbitrary<Integer> form = Arbitraries.frequencyOf(
            Tuple.of(24, Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 10)),
            Tuple.of(10, Arbitraries.of(7, 8, 9, 11, 12, 13, 14, 15, 16, 17)));
        return Combinators.combine(addresses, addresses, form).as(HeaderTricks::mailbox);
    }

    private static Part mailbox(Written address, Written other, int form) {
        String a = address.text();
        String o = other.text();
        return switch (form) {
            case 0, 1 -> Part.of(a, address);
            case 2 -> Part.of("<" + a + ">", address);
            case 3 -> Part.of("Alice Martin <" + a + ">", address).withTrick("display-name");
            case 4 -> Part.of("\"Dupont, Jean\" <" + a + ">", address).withTrick("quoted-comma");
            case 5 -> Part.of("=?UTF-8?Q?Dupont=2C_J=C3=A9r=C3=B4me?= <" + a + ">", address).withTrick("encoded-comma");
            case 6 -> Part.of("=?UTF-8?B?8J+YgCBEdXBvbnQsIEFsaWNl?= <" + a + ">", address).withTrick("emoji");
            case 7 -> Part.of("\"" + o + "\" <" + a + ">", address, other).withTrick("display-name-address");
            case 8 -> Part.of("=?utf-8?q?" + qEncode(o) + "?= <" + a + ">", address, other).withTrick("encoded-display-address");
            case 9 -> Part.of(a + " (" + o + ")", address, other).withTrick("comment-address");
            case 10 -> Part.of(a + " (work)", address).withTrick("comment");
            case 11 -> Part.of("B\u00f3b <" + a + ">", address).withTrick("raw-8bit-name");
            case 12 -> Part.of("<@relay.test:" + a + ">", address).withTrick("route");
            case 13 -> encodedLocalPart(address);
            case 14 -> Part.of("<" + a + ">" + o, address, other).withTrick("text-after-angle");
            case 15 -> Part.of("\"" + localPart(a) + "\"@" + domain(a), address).withTrick("quoted-local-part");
            case 16 -> Part.of(a + ".", address).withTrick("trailing-dot");
            default -> Part.of(o + " <" + a + ">", address, other).withTrick("unquoted-address-name");
        };
    }

    private static Part encodedLocalPart(Written address) {
        return Part.of("=?utf-8?q?" + qEncode(localPart(address.text())) + "?=@" + domain(address.text()), address)
            .withTrick("encoded-local-part");
    }

    // ---- other fields ------------------------------------------------------------------------------------

    private static Arbitrary<Part> fillerFields(Arbitrary<Written> addresses) {
        return Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.of(Part.of("Subject: hello"), Part.of("To: bob@example.fr"),
                Part.of("Message-ID: <1@example.fr>"), Part.of("Date: Fri, 4 Dec 2026 10:00:00 +0000"))),
            // Reply-To claims no authorship: a forbidden address there names nothing.
            Tuple.of(2, addresses.map(address -> Part.of("Reply-To: " + address.text()))),
            // A line that continues Subject for RFC 5322 but starts a From for sloppy parsers.
            Tuple.of(1, Combinators.combine(addresses, Arbitraries.of(IDENTITY_FIELDS))
                .as((address, name) -> Part.of("Subject: hi\r\n " + name + ": " + address.text(), address)
                    .withTrick("identity-folded-into-subject"))),
            Tuple.of(1, padding()));
    }

    /** Ordinary fields before the next one: a few, many, or past the header limit. */
    private static Arbitrary<Part> padding() {
        return Arbitraries.frequencyOf(
                Tuple.of(100, Arbitraries.integers().between(1, 40)),
                Tuple.of(1, Arbitraries.just(HeaderIdentityParser.MAX_HEADER_BYTES / 70 + 1)))
            .map(count -> {
                StringBuilder pad = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    pad.append(i == 0 ? "" : "\r\n").append(String.format("X-Pad-%05d: %s", i, "x".repeat(56)));
                }
                return new Part(pad.toString(), false, false, count > 1000 ? "padding-past-limit" : "padding");
            });
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Part fold(Part field, int at) {
        return new Part(field.text.substring(0, at) + "\r\n " + field.text.substring(at), field.forbidden, field.local,
            join(field.trick, "fold"));
    }

    private static Part inject(Part field, int at, String bytes) {
        return new Part(field.text.substring(0, at) + bytes + field.text.substring(at), field.forbidden, field.local,
            join(field.trick, "inject-" + escape(bytes)));
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "+" + b;
    }

    private static String localPart(String address) {
        return address.substring(0, address.lastIndexOf('@'));
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** RFC 2047 Q encoding of the UTF-8 bytes, every byte but letters and digits as =XX. */
    private static String qEncode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 0x80) {
                encoded.append(c);
            } else {
                encoded.append(String.format("=%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    static String escape(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\r') {
                shown.append("\\r");
            } else if (c == '\n') {
                shown.append("\\n\n");
            } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
