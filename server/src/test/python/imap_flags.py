"""Prints the flags of the message with this subject in FOLDER, as seen by USER (python's imaplib).

usage: imap_flags.py PORT USER PASSWORD FOLDER SUBJECT
"""
import email
import email.policy
import imaplib
import ssl
import sys


def main():
    port, user, password, folder, subject = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed test certificate
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    imap.starttls(ssl_context=context)
    imap.login(user, password)
    imap.select(folder, readonly=True)
    status, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    for item in data:
        if isinstance(item, tuple):
            header = email.message_from_bytes(item[1], policy=email.policy.default)
            if header["Subject"] == subject:
                print("flags=" + " ".join(flag.decode() for flag in imaplib.ParseFlags(item[0])))
                return
    print("not found")
    sys.exit(1)


if __name__ == "__main__":
    main()
