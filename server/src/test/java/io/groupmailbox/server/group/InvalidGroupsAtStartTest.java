package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.groupmailbox.server.GroupMailboxServerMain;
import io.groupmailbox.server.ServerDirectories;
import io.groupmailbox.server.testing.TestConfiguration;

/** A server whose groups.xml is invalid does not start, and says where the error is. */
class InvalidGroupsAtStartTest {

    @TempDir
    Path root;

    @Test
    void theServerRefusesToStartAndNamesTheFileAndLine() throws Exception {
        TestConfiguration configuration = TestConfiguration.create(root.resolve("conf"));
        Files.writeString(configuration.directory().resolve("groups.xml"), """
            <groups>
              <group address="support@example.fr">
                <member address="alice@example.fr" role="boss"/>
              </group>
            </groups>
            """);

        assertThatThrownBy(() -> GroupMailboxServerMain.start(new ServerDirectories(configuration.directory(), root.resolve("data"))))
            .hasStackTraceContaining("groups.xml, line 3: unknown role 'boss' for member alice@example.fr");
    }
}
