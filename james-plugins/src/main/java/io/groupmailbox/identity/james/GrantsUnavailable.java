package io.groupmailbox.identity.james;

/**
 * A store that holds sender grants (users, aliases, domains, groups, delegations, external accounts) could not be
 * read, so no decision was made. Not a refusal: the submission is answered with a temporary failure and the client
 * tries again, as it would for any other server-side error.
 */
public class GrantsUnavailable extends RuntimeException {

    public GrantsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
