package io.groupmailbox.server;

/** A configuration the server refuses to start with; the message names the file and what is wrong. */
public class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
