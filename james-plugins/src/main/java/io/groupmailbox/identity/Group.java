package io.groupmailbox.identity;

import java.util.Map;
import java.util.Objects;

import org.apache.james.core.Username;

/**
 * A group address and who may send as it.
 *
 * @param membersMaySend the per-group admin switch: whether members may use the address as sender at all
 * @param mode           how members send as it when allowed
 * @param mayMemberSend  every member, with whether their role lets them send as the group
 */
public record Group(NormalizedAddress address, boolean membersMaySend, SenderMode mode,
                    Map<Username, Boolean> mayMemberSend) {

    public Group {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
        mayMemberSend = Map.copyOf(mayMemberSend);
    }
}
