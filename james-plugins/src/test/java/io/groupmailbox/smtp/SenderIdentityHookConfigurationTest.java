package io.groupmailbox.smtp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenderIdentityHookConfigurationTest {

    @ParameterizedTest
    @ValueSource(strings = {"refuse", "quarantine", "accept", " Quarantine "})
    void theThreeModesAreAccepted(String mode) {
        assertThatCode(() -> new SenderIdentityHook(null, null, null).init(configuration(mode))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "drop", "refused"})
    void anyOtherValueStopsTheStartWithTheAllowedOnes(String mode) {
        assertThatThrownBy(() -> new SenderIdentityHook(null, null, null).init(configuration(mode)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("refuse, quarantine or accept");
    }

    private static BaseHierarchicalConfiguration configuration(String mode) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("unauthenticatedLocalSender", mode);
        return configuration;
    }
}
