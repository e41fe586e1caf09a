package io.groupmailbox.identity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An envelope's quoted local part is the mailbox it quotes when, and only when, the quoted text is a dot-atom
 * (RFC 5321 4.1.2): over generated local parts, the quoted and the unquoted form normalise to the same address, and
 * a quoted text with anything a dot-atom cannot hold normalises to none.
 */
class EnvelopeLocalPartTest {

    private static final String ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
    private static final String DOMAIN = "@Example.FR";

    @Provide
    Arbitrary<String> dotAtoms() {
        Arbitrary<String> atom = Arbitraries.strings().withChars(ATEXT.toCharArray()).ofMinLength(1).ofMaxLength(8);
        return atom.list().ofMinSize(1).ofMaxSize(4).map(atoms -> String.join(".", atoms));
    }

    /** A dot-atom spoiled by one character or dot that a dot-atom cannot hold, at a random place. */
    @Provide
    Arbitrary<String> spoiled() {
        Arbitrary<String> spoiler = Arbitraries.of(" ", "\\\\", "\\\"", "\\b", "..", "\t", "(", ")", ",", ";", ":", "<", ">", "@", "[", "]");
        return Combinators.combine(dotAtoms(), spoiler, Arbitraries.integers().between(0, 100))
            .as((atom, bad, position) -> {
                int at = position % (atom.length() + 1);
                return atom.substring(0, at) + bad + atom.substring(at);
            });
    }

    @Property(tries = 2000, seed = "20261204", edgeCases = EdgeCasesMode.MIXIN)
    void aQuotedDotAtomIsTheSameMailboxAsTheDotAtom(@ForAll("dotAtoms") String dotAtom) {
        assertThat(AddressNormalizer.envelopeLocalPart("\"" + dotAtom + "\"")).contains(dotAtom);
        assertThat(AddressNormalizer.normalizeEnvelope("\"" + dotAtom + "\"" + DOMAIN))
            .isPresent()
            .isEqualTo(AddressNormalizer.normalize(dotAtom + DOMAIN));
    }

    @Property(tries = 2000, seed = "20261204", edgeCases = EdgeCasesMode.MIXIN)
    void aQuotedTextThatIsNoDotAtomIsNoMailbox(@ForAll("spoiled") String text) {
        assertThat(AddressNormalizer.envelopeLocalPart("\"" + text + "\"")).isEmpty();
        assertThat(AddressNormalizer.normalizeEnvelope("\"" + text + "\"" + DOMAIN)).isEmpty();
    }

    @Example
    void edgeCases() {
        assertThat(AddressNormalizer.envelopeLocalPart("bob")).contains("bob");
        assertThat(AddressNormalizer.envelopeLocalPart("\"\"")).isEmpty();
        assertThat(AddressNormalizer.envelopeLocalPart("\"")).isEmpty();
        assertThat(AddressNormalizer.envelopeLocalPart("\".bob\"")).isEmpty();
        assertThat(AddressNormalizer.normalizeEnvelope("\"Bob\"@EXAMPLE.fr")).isEqualTo(AddressNormalizer.normalize("bob@example.fr"));
        // a header mailbox is another matter: there a quoted local part stays refused
        assertThat(AddressNormalizer.normalize("\"bob\"@example.fr")).isEmpty();
    }
}
