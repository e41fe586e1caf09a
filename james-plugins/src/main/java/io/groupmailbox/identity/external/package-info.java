/**
 * External accounts: addresses outside this server that a user proved to be theirs (a one-time code mailed to
 * the address) or that an admin vouched for. A confirmed one is source 2 of the sender policy.
 */
package io.groupmailbox.identity.external;
