package io.groupmailbox.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressNormalizerTest {

    @Test
    void upperCaseAddressIsTheSameMailboxAsLowerCase() {
        assertThat(AddressNormalizer.normalize("ALICE@EXAMPLE.FR"))
            .contains(new NormalizedAddress("alice", "example.fr"))
            .isEqualTo(AddressNormalizer.normalize("alice@example.fr"));
    }

    @Test
    void cyrillicLookAlikeDomainIsAnotherDomain() {
        NormalizedAddress lookAlike = AddressNormalizer.normalize("alice@ex\u0430mple.fr").orElseThrow();

        assertThat(lookAlike).isNotEqualTo(AddressNormalizer.normalize("alice@example.fr").orElseThrow());
        assertThat(lookAlike.domain()).isEqualTo("xn--exmple-4nf.fr");
    }

    @Test
    void lookAlikeDomainAndItsXnFormAreOneDomainButNotTheRealOne() {
        assertThat(AddressNormalizer.normalize("alice@XN--EXMPLE-4NF.FR"))
            .isEqualTo(AddressNormalizer.normalize("alice@ex\u0430mple.fr"))
            .isNotEqualTo(AddressNormalizer.normalize("alice@example.fr"));
    }

    @Test
    void nfdAndNfcLocalPartsAreTheSameMailbox() {
        String nfc = "ren\u00e9@example.fr";
        String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);

        assertThat(nfd).isNotEqualTo(nfc);
        assertThat(AddressNormalizer.normalize(nfd)).isEqualTo(AddressNormalizer.normalize(nfc));
        assertThat(AddressNormalizer.normalize(nfd).orElseThrow().localPart()).isEqualTo("ren\u00e9");
    }

    @Test
    void unicodeLocalPartIsLowerCased() {
        assertThat(AddressNormalizer.normalize("J\u00c9R\u00d4ME@example.fr").orElseThrow().localPart())
            .isEqualTo("j\u00e9r\u00f4me");
    }

    @Test
    void unicodeDomainIsComparedInItsAsciiForm() {
        assertThat(AddressNormalizer.normalize("alice@EX\u00c9MPLE.fr"))
            .isEqualTo(AddressNormalizer.normalize("alice@xn--exmple-cva.fr"));
    }

    @Test
    void nfdDomainIsTheSameDomainAsNfc() {
        assertThat(AddressNormalizer.normalizeDomain("exe\u0301mple.fr")).contains("xn--exmple-cva.fr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stra\u00dfe.de", "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.fr", "exa\u200dmple.fr", "exa\u00admple.fr"})
    void domainThatIdnaWouldRespellIsRefused(String domain) {
        assertThat(AddressNormalizer.normalizeDomain(domain)).isEmpty();
        assertThat(AddressNormalizer.normalize("alice@" + domain)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "alice", "@example.fr", "alice@", "alice@@example.fr", "alice@bob@example.fr",
        "\"alice\"@example.fr", "\"al ice\"@example.fr", "al ice@example.fr", "alice(c)@example.fr",
        ".alice@example.fr", "alice.@example.fr", "al..ice@example.fr", "bob\\,@example.fr",
        "alice@[192.0.2.1]", "alice@example.fr.", "alice@.example.fr", "alice@example..fr", "alice@exa_mple.fr",
        "alice@-example.fr", "alice@exa mple.fr", "ali\u200bce@example.fr", "ali\u202ece@example.fr",
        "ali\u00a0ce@example.fr", "ali\u0001ce@example.fr", "<alice@example.fr>", "Alice <alice@example.fr>"
    })
    void textThatIsNotOnePlainMailboxIsRefused(String text) {
        assertThat(AddressNormalizer.normalize(text)).isEmpty();
        assertThat(AddressNormalizer.parse(text)).isInstanceOf(Normalization.Invalid.class);
    }

    @Test
    void refusalReasonNamesTheInput() {
        Normalization refused = AddressNormalizer.parse("\"alice\"@example.fr");

        assertThat(((Normalization.Invalid) refused).reason())
            .startsWith("\"\"alice\"@example.fr\"")
            .contains("U+0022");
    }

    @Test
    void usernameGivesTheAccountsAddress() {
        assertThat(AddressNormalizer.normalize(Username.of("Alice@Example.FR")))
            .contains(new NormalizedAddress("alice", "example.fr"));
    }

    @Test
    void usernameWithoutDomainHasNoAddress() {
        assertThat(AddressNormalizer.normalize(Username.of("alice"))).isEmpty();
    }

    @Test
    void subAddressBaseDropsTheTag() {
        assertThat(address("alice+tag@example.fr").subAddressBase()).contains(address("alice@example.fr"));
        assertThat(address("alice+a+b@example.fr").subAddressBase()).contains(address("alice@example.fr"));
        assertThat(address("alice+@example.fr").subAddressBase()).contains(address("alice@example.fr"));
    }

    @Test
    void addressWithoutTagOrWithoutBaseHasNoSubAddressBase() {
        assertThat(address("alice@example.fr").subAddressBase()).isEmpty();
        assertThat(address("+tag@example.fr").subAddressBase()).isEmpty();
        assertThat(address("alice.+tag@example.fr").subAddressBase()).isEmpty();
    }

    @Test
    void normalizedAddressCannotBeBuiltFromUnnormalizedParts() {
        assertThatThrownBy(() -> new NormalizedAddress("Alice", "example.fr")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NormalizedAddress("alice", "EXAMPLE.fr")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NormalizedAddress("alice", "ex\u0430mple.fr")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalisationIsIdempotent() {
        NormalizedAddress once = address("J\u00e9r\u00f4me@EX\u00c9MPLE.fr");

        assertThat(AddressNormalizer.normalize(once.asString())).contains(once);
    }

    private static NormalizedAddress address(String text) {
        return AddressNormalizer.normalize(text).orElseThrow();
    }
}
