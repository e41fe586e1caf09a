package io.groupmailbox.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A group's name is the folder members see ({@code Groups.<Name>.INBOX}): one segment, unique ignoring case. */
class GroupsFileNamesTest {

    @TempDir
    Path directory;

    @Test
    void twoGroupsWithTheSameNameIgnoringCaseAreRefusedWithFileAndLine() throws Exception {
        Path file = write("""
            <groups>
              <group address="support@example.fr" name="Support"/>
              <group address="help@example.fr" name="SUPPORT"/>
            </groups>
            """);

        assertThatThrownBy(() -> GroupsFile.read(file))
            .isInstanceOf(InvalidGroupsException.class)
            .hasMessageStartingWith(file + ", line 3: group name 'SUPPORT' is already used by support@example.fr (line 2)")
            .hasMessageContaining("Groups.SUPPORT");
    }

    @Test
    void aDefaultNameTakenFromTheLocalPartCountsToo() throws Exception {
        Path file = write("""
            <groups>
              <group address="support@example.fr"/>
              <group address="help@example.fr" name="support"/>
            </groups>
            """);

        assertThatThrownBy(() -> GroupsFile.read(file)).hasMessageContaining("line 3: group name 'support' is already used by support@example.fr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sup.port", "Sup/port", "Sup%", "Sup*", "", "   ", " Support", "Sup\"port", "Sup\\port"})
    void aNameThatIsNotOneFolderNameIsRefused(String name) throws Exception {
        Path file = write("<groups>\n  <group address=\"support@example.fr\" name=\"" + name.replace("\"", "&quot;") + "\"/>\n</groups>\n");

        assertThatThrownBy(() -> GroupsFile.read(file))
            .isInstanceOf(InvalidGroupsException.class)
            .hasMessageStartingWith(file + ", line 2: ")
            .hasMessageContaining("group name");
    }

    @Test
    void aLocalPartWithADotNeedsAnExplicitName() throws Exception {
        Path file = write("<groups>\n  <group address=\"sales.team@example.fr\"/>\n</groups>\n");

        assertThatThrownBy(() -> GroupsFile.read(file)).hasMessageContaining("line 2:").hasMessageContaining("set name=");
    }

    @Test
    void distinctValidNamesAreAccepted() throws Exception {
        Path file = write("""
            <groups>
              <group address="support@example.fr" name="Support"/>
              <group address="sales.team@example.fr" name="Sales team"/>
              <group address="compta@example.fr" name="Comptabilité"/>
            </groups>
            """);

        assertThat(GroupsFile.read(file).groups()).extracting(GroupDefinition::name)
            .containsExactly("Support", "Sales team", "Comptabilité");
    }

    private Path write(String content) throws Exception {
        return Files.writeString(directory.resolve("groups.xml"), content);
    }
}
