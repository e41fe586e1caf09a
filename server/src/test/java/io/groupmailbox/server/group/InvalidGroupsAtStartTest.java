package io.groupmailbox.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        TestConfiguration configuration = brokenGroups();

        assertThatThrownBy(() -> GroupMailboxServerMain.start(new ServerDirectories(configuration.directory(), root.resolve("data"))))
            .hasStackTraceContaining("groups.xml, line 3: unknown role 'boss' for member alice@example.fr");
    }

    /** The launcher checks groups.xml before it starts anything: one line, exit status 2, no stack trace, no port. */
    @Test
    void theLauncherPrintsOneLineBeforeOpeningAnyPort() throws Exception {
        TestConfiguration configuration = brokenGroups();
        Path output = root.resolve("output.log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GroupMailboxServerMain.class.getName(), "run",
                "--conf", configuration.directory().toString(), "--data", root.resolve("data").toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(lines).as(String.join("\n", lines)).hasSize(1);
        assertThat(lines.get(0)).startsWith("james-group-mailbox: ")
            .contains("groups.xml, line 3: unknown role 'boss' for member alice@example.fr");
        assertThat(process.exitValue()).isEqualTo(2);
        // nothing was started: not even the data directory was made
        assertThat(root.resolve("data")).doesNotExist();
    }

    private TestConfiguration brokenGroups() throws Exception {
        TestConfiguration configuration = TestConfiguration.create(root.resolve("conf"));
        Files.writeString(configuration.directory().resolve("groups.xml"), """
            <groups>
              <group address="support@example.fr">
                <member address="alice@example.fr" role="boss"/>
              </group>
            </groups>
            """);
        return configuration;
    }
}
