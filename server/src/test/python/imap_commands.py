"""Sends raw IMAP commands in one session (python's imaplib for STARTTLS and LOGIN, then the wire as it is).

usage: imap_commands.py PORT USER PASSWORD COMMAND...
For each COMMAND (e.g. 'LIST "" "Groups.%"'), prints "> COMMAND", every response line the server sends for it,
and the tagged completion, e.g. "< OK LIST completed.". Commands with literals are not supported.
"""
import imaplib
import ssl
import sys


def main():
    port, user, password, commands = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed test certificate
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    imap.starttls(ssl_context=context)
    imap.login(user, password)
    for number, command in enumerate(commands):
        tag = "c%d" % number
        print("> " + command)
        imap.send(("%s %s\r\n" % (tag, command)).encode("utf-8"))
        while True:
            line = imap.readline().decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith(tag + " "):
                print("< " + line[len(tag) + 1:])
                break
            print(line)
    try:
        imap.logout()
    except imaplib.IMAP4.abort:
        pass  # the commands above are what is checked; James may close before completing LOGOUT


if __name__ == "__main__":
    main()
