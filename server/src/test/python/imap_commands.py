"""Sends raw IMAP commands in one session (python's imaplib for STARTTLS and LOGIN, then the wire as it is).

usage: imap_commands.py PORT USER PASSWORD COMMAND...
For each COMMAND (e.g. 'LIST "" "Groups.%"'), prints "> COMMAND", every response line the server sends for it,
and the tagged completion, e.g. "< OK LIST completed.". A COMMAND may end with a literal on its following lines,
e.g. 'APPEND INBOX {LITERAL}\nSubject: x\n\nbody': {LITERAL} becomes its size, sent when the server asks for it.
A COMMAND that starts with "[2] " is sent in a second session of the same user (opened at its first command), to
see what one session's change shows another.
"""
import imaplib
import ssl
import sys


def connect(port, user, password):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed test certificate
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    imap.starttls(ssl_context=context)
    imap.login(user, password)
    return imap


def main():
    port, user, password, commands = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    sessions = {"1": connect(port, user, password)}
    for number, command in enumerate(commands):
        tag = "c%d" % number
        session = "1"
        if command.startswith("[2] "):
            session, command = "2", command[len("[2] "):]
            print("> [2] " + command.partition("\n")[0])
            if session not in sessions:
                sessions[session] = connect(port, user, password)
        imap = sessions[session]
        line, _, literal = command.partition("\n")
        if session == "1":
            print("> " + line)
        if "{LITERAL}" in line:
            payload = literal.replace("\n", "\r\n").encode("utf-8")
            imap.send(("%s %s\r\n" % (tag, line.replace("{LITERAL}", "{%d}" % len(payload)))).encode("utf-8"))
            answer = imap.readline().decode("utf-8", "replace").rstrip("\r\n")
            if answer.startswith("+"):
                imap.send(payload + b"\r\n")
            else:
                print("< " + answer[len(tag) + 1:])
                continue
        else:
            imap.send(("%s %s\r\n" % (tag, command)).encode("utf-8"))
        while True:
            raw = imap.readline()
            if not raw:
                print("! the server closed the connection")
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith(tag + " "):
                print("< " + line[len(tag) + 1:])
                break
            print(line)
    for imap in sessions.values():
        try:
            imap.logout()
        except imaplib.IMAP4.abort:
            pass  # the commands above are what is checked; James may close before completing LOGOUT


if __name__ == "__main__":
    main()
