package io.groupmailbox.group;

import java.util.Map;
import java.util.Objects;

import org.apache.james.core.Username;

/**
 * A member of a group: their role, whether they get notifications, and per-folder rights that replace
 * the role's rights on that folder.
 */
public record GroupMember(Username address, Role role, boolean notified, Map<String, Rights> folderRights) {

    public GroupMember {
        Objects.requireNonNull(address);
        Objects.requireNonNull(role);
        folderRights = Map.copyOf(folderRights);
    }

    public static GroupMember of(String address, Role role) {
        return new GroupMember(Username.of(address), role, true, Map.of());
    }

    /** The rights of this member on one folder of the group. */
    public Rights rightsOn(String folder) {
        return folderRights.getOrDefault(folder, role.rights());
    }

    public boolean maySend() {
        return role.maySend();
    }
}
