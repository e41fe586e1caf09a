package io.groupmailbox.identity;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.james.core.Username;

/**
 * The one address normalisation rule of the sender policy, used for every address it compares (header
 * mailboxes, MAIL FROM, aliases, group addresses, usernames):
 * <ul>
 *   <li>domain: lower-cased, then converted to ASCII with {@code IDN.toASCII(domain, USE_STD3_ASCII_RULES)};
 *       refused when that fails, when it has an empty label, is an address literal, or when IDNA maps a
 *       non-ASCII label to something that no longer spells it (see {@link #normalizeDomain(String)});</li>
 *   <li>local part: NFC, then lower-cased with {@link Locale#US} (as James's {@code Username.of} does);
 *       it must be a dot-atom (RFC 5322 atext, RFC 6532 UTF-8 allowed), so quoted strings, comments,
 *       whitespace and invisible characters are refused.</li>
 * </ul>
 * A text that is not exactly one plain {@code local@domain} address is refused, never repaired.
 */
public final class AddressNormalizer {

    /** Separator of sub-addresses: {@code alice+tag@example.fr} is a sub-address of {@code alice@example.fr}. */
    public static final char SUB_ADDRESS_SEPARATOR = '+';

    private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";
    private static final int MAX_DOMAIN_LENGTH = 253;
    // The label separators IDN.toASCII accepts (RFC 3490 §3.1), so input labels line up with output labels.
    private static final Pattern IDN_LABEL_SEPARATORS = Pattern.compile("[.\u3002\uFF0E\uFF61]");

    private AddressNormalizer() {
    }

    /** Normalises {@code local@domain}; empty when it is not a single plain mailbox address. */
    public static Optional<NormalizedAddress> normalize(String address) {
        return parse(address).toOptional();
    }

    /** The address of a James user ({@code alice@example.fr}); empty for a username without domain part. */
    public static Optional<NormalizedAddress> normalize(Username username) {
        return username.hasDomainPart() ? normalize(username.asString()) : Optional.empty();
    }

    /** Normalises {@code local@domain}, saying why it is refused when it is. */
    public static Normalization parse(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return new Normalization.Invalid(address, Text.quote(address) + " has no @domain");
        }
        if (address.indexOf('@') != at) {
            return new Normalization.Invalid(address, Text.quote(address) + " has more than one '@'");
        }
        try {
            String localPart = normalizeLocalPart(address.substring(0, at));
            String domain = normalizeDomainPart(address.substring(at + 1));
            return new Normalization.Valid(new NormalizedAddress(localPart, domain));
        } catch (RefusedAddress refused) {
            return new Normalization.Invalid(address, Text.quote(address) + " " + refused.getMessage());
        }
    }

    /**
     * Normalises an envelope address (MAIL FROM, RCPT TO): as {@link #normalize(String)}, after
     * {@link #envelopeLocalPart(String)} has turned a quoted local part into the dot-atom it quotes. Header
     * mailboxes never go through this: a quoted local part there is malformed (parsers disagree on it).
     */
    public static Optional<NormalizedAddress> normalizeEnvelope(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        return envelopeLocalPart(address.substring(0, at))
            .flatMap(localPart -> normalize(localPart + "@" + address.substring(at + 1)));
    }

    /**
     * The dot-atom form of an envelope local part (RFC 5321 4.1.2: {@code "bob"} and {@code bob} are the same
     * mailbox): a quoted string whose content is a dot-atom gives that content, case kept; a local part that is
     * not quoted is returned as it is. Empty for a quoted string that is not a dot-atom ({@code "bob smith"},
     * {@code "a..b"}, {@code ""}, or any backslash escape, even one that spells a dot-atom), which names no
     * mailbox of this server.
     */
    public static Optional<String> envelopeLocalPart(String localPart) {
        if (!localPart.startsWith("\"")) {
            return Optional.of(localPart);
        }
        if (localPart.length() < 2 || !localPart.endsWith("\"")) {
            return Optional.empty();
        }
        String content = localPart.substring(1, localPart.length() - 1);
        if (content.isEmpty() || content.startsWith(".") || content.endsWith(".") || content.contains("..")) {
            return Optional.empty();
        }
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            if (!isLocalPartCharacter(codePoint)) {
                return Optional.empty();
            }
            i += Character.charCount(codePoint);
        }
        return Optional.of(content);
    }

    /**
     * The normalised (lower-case ASCII) form of a domain, e.g. {@code xn--exmple-4nf.fr} for the
     * Cyrillic-'а' {@code exаmple.fr}. A non-ASCII label is refused when IDNA 2003 maps it to a label that
     * does not convert back to it ({@code ß}→{@code ss}, dropped zero-width joiners, full-width letters):
     * those would silently equal a domain that looks, and under IDNA 2008 is, different.
     */
    public static Optional<String> normalizeDomain(String domain) {
        try {
            return Optional.of(normalizeDomainPart(domain));
        } catch (RefusedAddress refused) {
            return Optional.empty();
        }
    }

    static boolean isNormalized(String localPart, String domain) {
        try {
            return normalizeLocalPart(localPart).equals(localPart) && normalizeDomainPart(domain).equals(domain);
        } catch (RefusedAddress refused) {
            return false;
        }
    }

    private static String normalizeLocalPart(String localPart) throws RefusedAddress {
        if (localPart.isEmpty()) {
            throw new RefusedAddress("has an empty local part");
        }
        // The final NFC makes the rule idempotent: lower-casing can, rarely, leave a non-NFC sequence.
        // ASCII text is its own NFC and stays ASCII when lower-cased: the common case skips the normaliser.
        String normalized = isAscii(localPart)
            ? localPart.toLowerCase(Locale.US)
            : Normalizer.normalize(Normalizer.normalize(localPart, Normalizer.Form.NFC).toLowerCase(Locale.US), Normalizer.Form.NFC);
        if (normalized.startsWith(".") || normalized.endsWith(".") || normalized.contains("..")) {
            throw new RefusedAddress("has a local part with a leading, trailing or double dot");
        }
        for (int i = 0; i < normalized.length(); ) {
            int codePoint = normalized.codePointAt(i);
            if (!isLocalPartCharacter(codePoint)) {
                throw new RefusedAddress("has a local part with the character U+"
                    + String.format("%04X", codePoint) + ", not allowed in a plain address");
            }
            i += Character.charCount(codePoint);
        }
        return normalized;
    }

    private static boolean isLocalPartCharacter(int codePoint) {
        if (codePoint < 0x80) {
            return (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= 'A' && codePoint <= 'Z')
                || (codePoint >= '0' && codePoint <= '9') || codePoint == '.'
                || ATEXT_SYMBOLS.indexOf(codePoint) >= 0;
        }
        // RFC 6532 allows any UTF-8 here; invisible and space-like characters only serve to deceive.
        int type = Character.getType(codePoint);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
            && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
            && !Character.isSpaceChar(codePoint) && !Character.isWhitespace(codePoint);
    }

    private static String normalizeDomainPart(String domain) throws RefusedAddress {
        if (domain.startsWith("[")) {
            throw new RefusedAddress("has an address literal as domain");
        }
        boolean asciiInput = isAscii(domain);
        String lowered = asciiInput
            ? domain.toLowerCase(Locale.ROOT)
            : Normalizer.normalize(domain.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        String ascii;
        try {
            ascii = IDN.toASCII(lowered, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notIdna) {
            throw new RefusedAddress("has an invalid domain (" + Text.oneLine(notIdna.getMessage()) + ")");
        }
        // IDN.toASCII passes "", "." and a trailing dot through; none of them is a mailbox domain.
        if (ascii.isEmpty() || ascii.startsWith(".") || ascii.endsWith(".") || ascii.contains("..")) {
            throw new RefusedAddress("has an empty domain label");
        }
        if (ascii.length() > MAX_DOMAIN_LENGTH) {
            throw new RefusedAddress("has a domain longer than " + MAX_DOMAIN_LENGTH + " characters");
        }
        if (asciiInput) {
            return ascii; // IDNA keeps ASCII labels as they are (after the STD3 checks above): nothing to compare
        }
        String[] inputLabels = IDN_LABEL_SEPARATORS.split(lowered, -1);
        String[] asciiLabels = ascii.split("\\.", -1);
        if (inputLabels.length != asciiLabels.length) {
            throw new RefusedAddress("has a domain whose labels IDNA changes");
        }
        for (int i = 0; i < inputLabels.length; i++) {
            boolean nonAscii = inputLabels[i].chars().anyMatch(c -> c >= 0x80);
            if (nonAscii && !IDN.toUnicode(asciiLabels[i], IDN.USE_STD3_ASCII_RULES).equals(inputLabels[i])) {
                throw new RefusedAddress("has a domain label that IDNA maps to another spelling ("
                    + Text.quote(inputLabels[i]) + " becomes " + asciiLabels[i] + ")");
            }
        }
        return ascii;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Internal signal carrying the end of a one-line reason; never leaves this class. */
    private static final class RefusedAddress extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedAddress(String reason) {
            super(reason, null, false, false);
        }
    }
}
