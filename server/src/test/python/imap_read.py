"""Reads one message over IMAP with python's imaplib, as a non-Java client would.

usage: imap_read.py PORT USER PASSWORD SUBJECT [AUTHZID]
Logs in after STARTTLS (LOGIN, or AUTHENTICATE PLAIN with AUTHZID for a delegated login), selects INBOX,
finds the message by subject and prints "subject=<...>" and "flags=<...>". Exits 1 when it is not found.
"""
import email
import email.policy
import imaplib
import ssl
import sys


def main():
    port, user, password, subject = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    authzid = sys.argv[5] if len(sys.argv) > 5 else None
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test server's certificate is self-signed

    imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    imap.starttls(ssl_context=context)
    if authzid:
        credentials = f"{authzid}\0{user}\0{password}".encode()
        imap.authenticate("PLAIN", lambda _: credentials)
    else:
        imap.login(user, password)
    imap.select("INBOX", readonly=True)
    # Subjects are decoded and matched here: James 3.8.1's SEARCH does not decode RFC 2047 subjects.
    status, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    for item in data:
        if not isinstance(item, tuple):
            continue
        header = email.message_from_bytes(item[1], policy=email.policy.default)
        if header["Subject"] == subject:
            print("subject=" + header["Subject"])
            print("flags=" + " ".join(flag.decode() for flag in imaplib.ParseFlags(item[0])))
            imap.logout()
            return
    print(f"not found: {subject}")
    sys.exit(1)


if __name__ == "__main__":
    main()
