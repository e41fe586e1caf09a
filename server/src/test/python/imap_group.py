"""A member's view of a group folder with python's imaplib (a client sharing no code with Jakarta Mail).

usage: imap_group.py PORT USER PASSWORD FOLDER
Prints one line per finding: "list=<names>", "lsub=<subscribed names>", "select=<OK|NO>", "subjects=<...>", "status=<raw STATUS line>",
"store-flagged=<OK|NO>", "noop=<OK>" (the connection survives a refused SELECT).
"""
import email
import email.policy
import imaplib
import ssl
import sys


def main():
    port, user, password, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed test certificate
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    imap.starttls(ssl_context=context)
    imap.login(user, password)

    status, listing = imap.list('""', "*")
    names = [line.decode().rsplit(' "." ', 1)[-1].strip('"') for line in listing if line]
    print("list=" + ",".join(sorted(names)))
    status, listing = imap.lsub('""', "*")
    subscribed = [line.decode().rsplit(' "." ', 1)[-1].strip('"') for line in listing if line]
    print("lsub=" + ",".join(sorted(subscribed)))

    status, data = imap.status(folder, "(MESSAGES)")
    print("status=" + (data[0].decode() if status == "OK" else "NO"))

    try:
        status, data = imap.select(folder)
    except imaplib.IMAP4.error:
        status = "NO"
    print("select=" + status)
    if status == "OK":
        status, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        subjects = [email.message_from_bytes(item[1], policy=email.policy.default)["Subject"]
                    for item in data if isinstance(item, tuple)]
        print("subjects=" + "|".join(subjects))
        try:
            status, data = imap.store("1", "+FLAGS", "(\\Flagged)")
        except imaplib.IMAP4.error:
            status = "NO"
        print("store-flagged=" + status)
    status, data = imap.noop()
    print("noop=" + status)
    imap.logout()


if __name__ == "__main__":
    main()
