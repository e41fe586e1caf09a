package io.groupmailbox.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.groupmailbox.server.testing.GroupMailboxServerExtension;
import io.groupmailbox.server.testing.RawSmtpClient;
import io.groupmailbox.server.testing.WebAdminClient;

/** One table of addresses of the checklist drives both the WebAdmin explain route and SMTP submission. */
class ExplainMatchesSmtpTest {

    @RegisterExtension
    static GroupMailboxServerExtension server = new GroupMailboxServerExtension();

    @BeforeAll
    static void provision() throws Exception {
        server.webAdmin().createDomain("example.fr").createDomain("example.com")
            .createUser("alice@example.fr", "alice-secret")
            .createUser("bob@example.fr", "bob-secret")
            .createUser("boss@example.fr", "boss-secret")
            .authorize("boss@example.fr", "alice@example.fr");
        server.webAdmin().put("/domains/example.fr/aliases/example.com");
        server.webAdmin().put("/address/aliases/alice@example.fr/sources/a.lice@example.fr");
        server.writeGroupsFile("""
            <groups>
              <group address="support@example.fr" membersMaySend="true"><member address="alice@example.fr" role="replier"/></group>
              <group address="sales@example.fr"><member address="alice@example.fr" role="replier"/></group>
            </groups>
            """);
        assertThat(server.webAdmin().post("/groups/reload", "").status()).isEqualTo(200);
    }

    /** address alice claims, allowed?, source, mode */
    static Stream<Arguments> table() {
        return Stream.of(
            Arguments.of("alice@example.fr", true, "own", "send-as"),
            Arguments.of("ALICE@EXAMPLE.FR", true, "own", "send-as"),
            Arguments.of("alice+lists@example.fr", true, "own", "send-as"),
            Arguments.of("a.lice@example.fr", true, "alias", "send-as"),
            Arguments.of("alice@example.com", true, "domain-alias", "send-as"),
            Arguments.of("support@example.fr", true, "group", "send-as"),
            Arguments.of("boss@example.fr", true, "delegation", "send-on-behalf"),
            Arguments.of("sales@example.fr", false, "group", null),
            Arguments.of("bob@example.fr", false, "none", null),
            Arguments.of("alice@xn--exmple-4nf.fr", false, "none", null));
    }

    @ParameterizedTest(name = "alice as {0}: allowed={1}")
    @MethodSource("table")
    void explainRouteAndSubmissionGiveTheSameVerdict(String address, boolean allowed, String source, String mode) throws Exception {
        WebAdminClient.Response explanation = server.webAdmin().get("/users/alice@example.fr/allowedFromAddresses/" + address);
        RawSmtpClient.Reply smtp = RawSmtpClient.send(server.configuration().submissionPort(), Optional.of("alice@example.fr"),
            "alice-secret", address, "bob@example.fr",
            ("From: " + address + "\r\nTo: bob@example.fr\r\nSubject: as " + address + "\r\n\r\nHello\r\n").getBytes());

        assertThat(explanation.status()).isEqualTo(200);
        assertThat(explanation.body()).contains("\"allowed\":" + allowed, "\"source\":\"" + source + "\"");
        if (mode != null) {
            assertThat(explanation.body()).contains("\"mode\":\"" + mode + "\"");
        }
        assertThat(smtp.code()).as(smtp.toString()).isEqualTo(allowed ? 250 : 550);
    }

    @Test
    void theListRouteGivesEveryAddressAliceMayUse() {
        WebAdminClient.Response list = server.webAdmin().get("/users/alice@example.fr/allowedFromAddresses");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body())
            .contains("{\"address\":\"alice@example.fr\",\"source\":\"own\",\"mode\":\"send-as\"}")
            .contains("{\"address\":\"a.lice@example.fr\",\"source\":\"alias\",\"mode\":\"send-as\"}")
            .contains("{\"address\":\"support@example.fr\",\"source\":\"group\",\"mode\":\"send-as\"}")
            .contains("{\"address\":\"boss@example.fr\",\"source\":\"delegation\",\"mode\":\"send-on-behalf\"}")
            .doesNotContain("sales@example.fr");
    }

    @Test
    void unknownUsersAndBadAddressesGetAJsonError() {
        assertThat(server.webAdmin().get("/users/nobody@example.fr/allowedFromAddresses/x@example.fr").status()).isEqualTo(404);
        WebAdminClient.Response bad = server.webAdmin().get("/users/alice@example.fr/allowedFromAddresses/not-an-address");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"message\":");
    }
}
