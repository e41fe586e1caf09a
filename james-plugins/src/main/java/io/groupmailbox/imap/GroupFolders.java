package io.groupmailbox.imap;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;

import io.groupmailbox.group.GroupDefinition;
import io.groupmailbox.group.GroupReconciler;
import io.groupmailbox.group.GroupRepository;

/**
 * Where a member sees the folders of their groups in their own IMAP tree: {@code Groups.<Name>.INBOX} and
 * {@code Groups.<Name>.Sent} (delimiter '.'), each standing for the group's own folder.
 *
 * <p>This is the one place that knows the names; James 3.9's {@code #user} namespace can replace the mount
 * by changing only the server's mailbox manager that calls it. The name {@code Groups} is reserved at the
 * top of every user's tree.
 */
public class GroupFolders {

    public static final String ROOT = "Groups";
    private static final char DELIMITER = '.';
    private static final List<String> FOLDERS = List.of(GroupReconciler.INBOX, GroupReconciler.SENT);

    /** One group folder as one member sees it. */
    public record Mount(MailboxPath mountPath, MailboxPath groupPath, Username group) {
    }

    private final GroupRepository groups;

    @Inject
    public GroupFolders(GroupRepository groups) {
        this.groups = groups;
    }

    /** Cheap test, made before any look-up: only names under {@code Groups} can be group folders. */
    public static boolean isUnderRoot(MailboxPath path) {
        String name = path.getName();
        return MailboxConstants.USER_NAMESPACE.equals(path.getNamespace())
            && (name.equals(ROOT) || name.startsWith(ROOT + DELIMITER));
    }

    public List<Mount> mountsOf(Username member) {
        return groups.groupsOf(member).stream()
            .flatMap(group -> FOLDERS.stream().map(folder -> mount(member, group, folder)))
            .toList();
    }

    public Optional<Mount> byMountPath(MailboxPath path) {
        if (!isUnderRoot(path)) {
            return Optional.empty();
        }
        return mountsOf(path.getUser()).stream().filter(mount -> mount.mountPath().equals(path)).findFirst();
    }

    /** How {@code member} sees a folder of a group, if it is one of theirs. */
    public Optional<Mount> byGroupPath(Username member, MailboxPath groupPath) {
        return groups.get(groupPath.getUser())
            .filter(group -> group.isMember(member) && FOLDERS.contains(groupPath.getName()))
            .map(group -> mount(member, group, groupPath.getName()));
    }

    private static Mount mount(Username member, GroupDefinition group, String folder) {
        return new Mount(mountPath(member, group, folder), MailboxPath.forUser(group.address(), folder), group.address());
    }

    /** The name {@code member} sees for one folder of {@code group}. */
    public static MailboxPath mountPath(Username member, GroupDefinition group, String folder) {
        return MailboxPath.forUser(member, mountName(group, folder));
    }

    /** The folder name every member sees for one folder of {@code group}, under their own namespace. */
    public static String mountName(GroupDefinition group, String folder) {
        return ROOT + DELIMITER + displayName(group) + DELIMITER + folder;
    }

    /** The group folders every member gets (INBOX and Sent). */
    public static List<String> folders() {
        return FOLDERS;
    }

    private static String displayName(GroupDefinition group) {
        return group.name().replace(DELIMITER, '_').strip();
    }
}
