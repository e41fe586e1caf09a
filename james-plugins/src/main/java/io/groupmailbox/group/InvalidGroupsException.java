package io.groupmailbox.group;

/**
 * A group definition that cannot be applied. From groups.xml, the message names the file and the line:
 * {@code /etc/james/groups.xml, line 12: unknown role 'boss' for member bob@example.fr (expected reader, replier, manager)}.
 */
public class InvalidGroupsException extends Exception {
    public InvalidGroupsException(String message) {
        super(message);
    }

    public InvalidGroupsException(String message, Throwable cause) {
        super(message, cause);
    }
}
