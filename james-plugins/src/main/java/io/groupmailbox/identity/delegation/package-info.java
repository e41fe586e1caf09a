/**
 * How a delegatee sends as the account that delegated to them: send-on-behalf by default (recipients see
 * {@code Sender:} the delegatee), send-as when an admin says so. The delegation itself is James's {@code DelegationStore}.
 */
package io.groupmailbox.identity.delegation;
