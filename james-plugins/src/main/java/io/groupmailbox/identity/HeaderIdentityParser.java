package io.groupmailbox.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/**
 * Reads the identities a submitted message claims: every mailbox of its From, Sender, Resent-From and
 * Resent-Sender fields, normalised. Strict on purpose: a header section that two mail programs could read
 * as different identities is refused as {@link Malformed} with a one-line reason naming the field, never
 * repaired or read leniently (checklist cases 10–17, 22, 23). Reply-To and other fields are ignored.
 *
 * <p>Address grammar is left to two libraries, and a mailbox list is accepted only when both read the same
 * mailboxes: javax.mail's {@code InternetAddress.parseHeader(value, true)} and mime4j's
 * {@code DefaultAddressParser}. Each check below names the leniency it closes. Neither library sees raw
 * lines, so folding, field names and bytes are checked here first.
 *
 * <p>This is the one reading of what a header claims: the SMTP hook, the matcher, the group Sent copy and the
 * explain route all use it. The whole header section is read, up to {@link #MAX_HEADER_BYTES}; a longer one
 * is {@link HeaderTooLarge}, never judged on a prefix.
 */
public final class HeaderIdentityParser {

    /**
     * The longest header section judged (up to and including the CRLF that ends its last field). A longer one is
     * {@link HeaderTooLarge}: refused whole, so that no identity field can stand beyond what is read.
     */
    public static final int MAX_HEADER_BYTES = 256 * 1024;

    // RFC 5322 ftext: printable ASCII except ':'. No whitespace: "From :" is read as From by some programs only.
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");
    // String.split compiles a two-character separator anew on every call.
    private static final Pattern CRLF = Pattern.compile("\r\n", Pattern.LITERAL);
    // A folded line "  From: bob@…" continues the previous field for RFC 5322 but starts a From for sloppy parsers.
    private static final Pattern FOLDED_IDENTITY_FIELD = Pattern.compile(
        "[ \\t]+(from|sender|resent-from|resent-sender)[ \\t]*:.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final String AT_SIGNS = "@\uFF20\uFE6B";
    // What a display name may not hold: it would read as an address, or hide one from programs that decode
    // encoded-words before parsing.
    private static final String ADDRESS_LIKE = AT_SIGNS + "<>";

    private final PolicyOptions options;

    public HeaderIdentityParser(PolicyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param message  the message, or just its header section; read up to the first empty line
     * @param smtpUtf8 whether the SMTP session negotiated SMTPUTF8: only then may identity fields hold
     *                 raw UTF-8 (RFC 6532); otherwise any 8-bit byte in them is refused
     */
    public HeaderParseResult parse(byte[] message, boolean smtpUtf8) {
        int end = endOfHeaderSection(message, message.length);
        if (end > MAX_HEADER_BYTES || (end < 0 && message.length > MAX_HEADER_BYTES)) {
            return new HeaderTooLarge(MAX_HEADER_BYTES);
        }
        try {
            List<RawField> fields = readFields(new String(message, 0, end < 0 ? message.length : end, StandardCharsets.ISO_8859_1));
            requireCount(fields, IdentityField.FROM, 1, 1);
            requireCount(fields, IdentityField.SENDER, 0, 1);
            List<ClaimedIdentity> identities = new ArrayList<>();
            for (RawField raw : fields) {
                Optional<IdentityField> field = IdentityField.ofHeaderName(raw.name);
                if (field.isPresent()) {
                    identities.add(new ClaimedIdentity(field.get(), mailboxes(field.get(), raw.value.toString(), smtpUtf8)));
                }
            }
            return new ClaimedIdentities(identities);
        } catch (MalformedHeader malformed) {
            return new Malformed(malformed.getMessage());
        }
    }

    /**
     * What a {@code From:} field with this value claims, read exactly as in a message: the one mailbox, or why
     * it is not one well-formed mailbox. For callers that judge an address given apart from a message (the
     * explain route), so that they and the SMTP hook never read the same text differently.
     */
    public Normalization fromFieldValue(String value) {
        HeaderParseResult result = parse(("From: " + value + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), false);
        if (result instanceof ClaimedIdentities identities && identities.identities().size() == 1
            && identities.identities().get(0).addresses().size() == 1) {
            return new Normalization.Valid(identities.identities().get(0).addresses().get(0));
        }
        String reason = result instanceof Malformed malformed ? malformed.reason() : "From: does not name exactly one mailbox";
        return new Normalization.Invalid(value, reason);
    }

    /** The one mailbox of the message's single {@code From:} field; empty when the header section is not judged well-formed. */
    public Optional<NormalizedAddress> singleFromMailbox(byte[] message) {
        HeaderParseResult result = parse(message, false);
        if (!(result instanceof ClaimedIdentities identities)) {
            return Optional.empty();
        }
        List<ClaimedIdentity> from = identities.in(IdentityField.FROM);
        return from.size() == 1 && from.get(0).addresses().size() == 1 ? Optional.of(from.get(0).addresses().get(0)) : Optional.empty();
    }

    // ---- lines and fields ------------------------------------------------------------------------------

    /**
     * The header section of a message read from {@code in}: the bytes up to the empty line (CRLF CRLF) that ends
     * it, or, when there is none within the limit, the first {@code MAX_HEADER_BYTES + 2} bytes (the limit and
     * the empty line's CRLF), which {@link #parse} answers with {@link HeaderTooLarge}. Every reader of a
     * message's identity reads it so.
     */
    public static byte[] readHeaderSection(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int matched = 0; // how much of CRLF CRLF ends what was read
        int current;
        while (header.size() < MAX_HEADER_BYTES + 2 && (current = in.read()) != -1) {
            header.write(current);
            matched = current == END_OF_HEADER[matched] ? matched + 1 : (current == '\r' ? 1 : 0);
            boolean emptyHeaderSection = header.size() == 2 && matched == 2;
            if (matched == END_OF_HEADER.length || emptyHeaderSection) {
                break;
            }
        }
        return header.toByteArray();
    }

    private static final byte[] END_OF_HEADER = {'\r', '\n', '\r', '\n'};

    /**
     * Where the header section ends: the index just past the CRLF of its last field (0 for a message that starts
     * with an empty line), or -1 when the first {@code length} bytes hold no empty line.
     */
    private static int endOfHeaderSection(byte[] message, int length) {
        if (length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return 0;
        }
        for (int i = 0; i + 3 < length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private static List<RawField> readFields(String section) throws MalformedHeader {
        List<String> lines = new ArrayList<>(List.of(CRLF.split(section, -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        List<RawField> fields = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (fields.isEmpty()) {
                    throw new MalformedHeader("the header section starts with an indented line "
                        + Text.quote(line) + ", which some programs read as a field of its own");
                }
                RawField field = fields.get(fields.size() - 1);
                requireCleanLine(field.name + ":", line);
                if (line.isBlank()) {
                    throw new MalformedHeader(field.name + ": is folded with a line of only whitespace,"
                        + " which some programs read as the end of the header");
                }
                if (FOLDED_IDENTITY_FIELD.matcher(line).matches()) {
                    throw new MalformedHeader(field.name + ": is folded with a line that looks like a field of its own ("
                        + Text.quote(line.strip()) + ")");
                }
                if (foldSplitsEncodedWord(field.value, line)) {
                    throw new MalformedHeader(field.name + ": is folded inside an RFC 2047 encoded-word ("
                        + Text.quote(line.strip()) + "), which programs unfold and decode differently");
                }
                field.value.append(line);
            } else {
                int colon = line.indexOf(':');
                String name = colon < 0 ? line : line.substring(0, colon);
                boolean validName = colon > 0 && FIELD_NAME.matcher(name).matches();
                requireCleanLine(validName ? name + ":" : "a header line", line);
                if (colon <= 0) {
                    throw new MalformedHeader("the header line " + Text.quote(line)
                        + " is not a field (no name followed by ':'), as when a field name is folded");
                }
                if (!validName) {
                    throw new MalformedHeader("the field name " + Text.quote(name)
                        + " has whitespace or characters not allowed before ':'");
                }
                fields.add(new RawField(name, line.substring(colon + 1)));
            }
        }
        return fields;
    }

    /**
     * Whether a fold falls inside an encoded-word ({@code "=?utf-8?q?…?="}): RFC 5322 unfolding keeps the fold's
     * whitespace, which leaves no encoded-word, while programs that join the lines decode one (a display name
     * {@code "=\r\n ?utf-8?q?bob=40x?="} then reads {@code bob@x}). Encoded-words separated by a fold are fine.
     */
    private static boolean foldSplitsEncodedWord(CharSequence before, String continuation) {
        String text = before.toString();
        int lastSpace = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
        String tail = text.substring(lastSpace + 1);
        String head = continuation.stripLeading();
        if ((tail.endsWith("=") && head.startsWith("?")) || (tail.endsWith("?") && head.startsWith("="))) {
            return true;
        }
        int open = tail.lastIndexOf("=?");
        return open >= 0 && !tail.substring(open + 2).contains("?=");
    }

    // Programs disagree on where a line ends at a bare CR or LF, and C strings end at NUL: either can make
    // one program see a field that another does not.
    private static void requireCleanLine(String label, String line) throws MalformedHeader {
        if (line.indexOf('\0') >= 0) {
            throw new MalformedHeader(label + " contains a NUL byte");
        }
        if (line.indexOf('\r') >= 0) {
            throw new MalformedHeader(label + " contains a bare CR (a carriage return without line feed)");
        }
        if (line.indexOf('\n') >= 0) {
            throw new MalformedHeader(label + " contains a bare LF (a line feed without carriage return)");
        }
    }

    private static void requireCount(List<RawField> fields, IdentityField field, int min, int max) throws MalformedHeader {
        long count = fields.stream().filter(raw -> IdentityField.ofHeaderName(raw.name).equals(Optional.of(field))).count();
        if (count < min) {
            throw new MalformedHeader("the message has no " + field.displayName() + ": field");
        }
        if (count > max) {
            throw new MalformedHeader("the message has " + count + " " + field.displayName() + ": fields");
        }
    }

    // ---- mailboxes -------------------------------------------------------------------------------------

    private List<NormalizedAddress> mailboxes(IdentityField field, String rawValue, boolean smtpUtf8) throws MalformedHeader {
        String name = field.displayName() + ":";
        String value = decode(name, rawValue, smtpUtf8);
        // C1 controls (NEL) and the Unicode line separators end lines for some programs too.
        if (value.chars().anyMatch(c -> c != '\t' && isControlOrLineBreak(c))) {
            throw new MalformedHeader(name + " contains a control character");
        }

        InternetAddress[] javaMail;
        try {
            javaMail = InternetAddress.parseHeader(value, true);
        } catch (AddressException invalid) {
            throw new MalformedHeader(name + " is not a valid mailbox list (" + Text.oneLine(Objects.toString(invalid.getMessage(), "")) + ")");
        }
        // Both libraries accept group syntax ("support: alice@example.fr;"), which names no sender mailbox.
        if (Stream.of(javaMail).anyMatch(InternetAddress::isGroup)) {
            throw new MalformedHeader(name + " uses group syntax, which names no sender mailbox");
        }
        if (javaMail.length == 0) {
            throw new MalformedHeader(name + " names no mailbox");
        }
        if ((field == IdentityField.SENDER || field == IdentityField.RESENT_SENDER) && javaMail.length > 1) {
            throw new MalformedHeader(name + " names " + javaMail.length + " mailboxes; it takes exactly one");
        }

        List<NormalizedAddress> addresses = new ArrayList<>();
        for (InternetAddress mailbox : javaMail) {
            addresses.add(plainAddress(name, mailbox.getAddress()));
        }

        // mime4j's strict grammar refuses what javax.mail drops or guesses: text after an angle address
        // ("<alice@…>bob@…" gives alice alone), an unquoted '@' or ',' in a display name, a comment inside
        // the local part ("alice(c)@…" gives "alice"). mime4j cannot read UTF-8, hence the placeholders.
        AddressList mime4j;
        try {
            mime4j = DefaultAddressParser.DEFAULT.parseAddressList(asciiPlaceholders(value));
        } catch (ParseException invalid) {
            throw new MalformedHeader(name + " is not a strict RFC 5322 mailbox list ("
                + Text.oneLine(Objects.toString(invalid.getMessage(), "").lines().findFirst().orElse("")) + ")");
        } catch (Error undecodable) {
            // mime4j's encoded-word decoder throws java.lang.Error around an IOException for a Q-encoded '=' before
            // whitespace ("=?utf-8?q?a= b?="): a word it cannot decode, so a display name nobody can vouch for.
            if (!(undecodable.getCause() instanceof IOException)) {
                throw undecodable;
            }
            throw new MalformedHeader(name + " has an RFC 2047 encoded-word that cannot be decoded ("
                + Text.oneLine(Objects.toString(undecodable.getCause().getMessage(), "")) + ")");
        }
        if (mime4j.size() != javaMail.length || !mime4j.stream().allMatch(Mailbox.class::isInstance)) {
            throw new MalformedHeader(name + " is read as a different number of mailboxes by different parsers");
        }
        boolean encodedWords = value.contains("=?");
        for (int i = 0; i < javaMail.length; i++) {
            Mailbox strict = (Mailbox) mime4j.get(i);
            requireSameMailbox(name, javaMail[i], strict);
            for (String displayName : Stream.of(javaMail[i].getPersonal(), strict.getName()).filter(Objects::nonNull).toList()) {
                checkDisplayName(name, displayName, addresses.get(i), encodedWords);
            }
        }
        return addresses;
    }

    private static NormalizedAddress plainAddress(String name, String address) throws MalformedHeader {
        // Both libraries accept a source route "<@x,@y:bob@…>"; javax.mail keeps it in the address (mime4j
        // moves it aside, checked below), and relays have read such addresses differently.
        if (address.startsWith("@")) {
            throw new MalformedHeader(name + " has a source route " + Text.quote(address) + "; only plain addresses are accepted");
        }
        // Both libraries accept "=?utf-8?q?alice?=@…" as a local part (javax.mail even an encoded-word without
        // '@domain' as a whole address), which some clients display decoded.
        if (address.contains("=?")) {
            throw new MalformedHeader(name + " has an RFC 2047 encoded-word in the address " + Text.quote(address));
        }
        // The normaliser refuses what javax.mail's strict mode still accepts: a missing domain, quoted local
        // parts, address literals, domains IDNA refuses.
        Normalization normalization = AddressNormalizer.parse(address);
        if (normalization instanceof Normalization.Invalid invalid) {
            throw new MalformedHeader(name + " " + invalid.reason());
        }
        return ((Normalization.Valid) normalization).address();
    }

    // javax.mail's strict mode refuses what mime4j lets through (dot-dot, trailing dot, spaces around '@');
    // here the two must agree on the very address and on the absence of a route, not only on the count.
    private static void requireSameMailbox(String name, InternetAddress javaMail, Mailbox strict) throws MalformedHeader {
        if (strict.getRoute() != null && !strict.getRoute().isEmpty()) {
            throw new MalformedHeader(name + " has a source route before " + Text.quote(javaMail.getAddress())
                + "; only plain addresses are accepted");
        }
        String strictAddress = strict.getLocalPart() + "@" + strict.getDomain();
        if (!asciiPlaceholders(javaMail.getAddress()).equals(strictAddress)) {
            throw new MalformedHeader(name + " has the mailbox " + Text.quote(javaMail.getAddress())
                + ", which a strict parser reads as " + Text.quote(strictAddress));
        }
    }

    // Display names as decoded by the libraries: javax.mail includes comments ("alice@… (bob@…)") and
    // decodes encoded-words even inside quoted strings, so the decoded text is what clients may show.
    // A display name is refused only when it reads as an address or an angle address ('@', '<', '>') or
    // holds control characters; commas, quotes, accents and emoji are how people write names ("Dupont, Jérôme").
    private void checkDisplayName(String name, String displayName, NormalizedAddress address, boolean encodedWords)
        throws MalformedHeader {
        if (displayName.chars().anyMatch(HeaderIdentityParser::isControlOrLineBreak)) {
            throw new MalformedHeader(name + " has a display name that decodes to control characters");
        }
        Optional<Character> addressLike = displayName.chars()
            .filter(c -> ADDRESS_LIKE.indexOf(c) >= 0)
            .mapToObj(c -> (char) c)
            .findFirst();
        if (addressLike.isEmpty()) {
            return;
        }
        // Whether the encoded-word is in this display name or another one of the field, hold it to the
        // stricter rule: deciding which phrase an encoded-word came from is where parsers disagree.
        if (encodedWords) {
            throw new MalformedHeader(name + " has an RFC 2047 encoded display name that decodes to "
                + Text.quote(displayName) + ", which contains '" + addressLike.get() + "'");
        }
        if (options.displayNameAddress() == DisplayNameAddress.REJECT && !namesSameAddress(displayName, address)) {
            throw new MalformedHeader(name + " has the display name " + Text.quote(displayName)
                + ", which looks like an address other than " + address);
        }
    }

    // Many clients write the address itself as display name ("alice@example.fr" <alice@example.fr>): harmless.
    private static boolean namesSameAddress(String displayName, NormalizedAddress address) {
        String bare = displayName.strip().replaceAll("^[\"'<]+|[\"'>]+$", "");
        return AddressNormalizer.normalize(bare).filter(address::equals).isPresent();
    }

    private static String decode(String name, String rawValue, boolean smtpUtf8) throws MalformedHeader {
        if (rawValue.chars().allMatch(c -> c < 0x80)) {
            return rawValue;
        }
        if (!smtpUtf8) {
            throw new MalformedHeader(name + " contains 8-bit bytes, but the session did not negotiate SMTPUTF8");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(rawValue.getBytes(StandardCharsets.ISO_8859_1)))
                .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedHeader(name + " is not valid UTF-8");
        }
    }

    private static boolean isControlOrLineBreak(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    // 'x' is valid wherever RFC 6532 allows a non-ASCII character (atext, qtext, ctext, dtext), so the
    // placeholders keep the structure mime4j checks.
    private static String asciiPlaceholders(String value) {
        StringBuilder ascii = new StringBuilder(value.length());
        value.codePoints().forEach(codePoint -> ascii.appendCodePoint(codePoint < 0x80 ? codePoint : 'x'));
        return ascii.toString();
    }

    private static final class RawField {
        private final String name;
        private final StringBuilder value;

        RawField(String name, String firstLine) {
            this.name = name;
            this.value = new StringBuilder(firstLine);
        }
    }

    /** Internal signal carrying a one-line reason; never leaves this class. */
    private static final class MalformedHeader extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedHeader(String reason) {
            super(reason, null, false, false);
        }
    }
}
