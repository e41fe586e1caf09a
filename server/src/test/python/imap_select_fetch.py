"""SELECTs a folder again and again and fetches the last message each SELECT announced (RFC 3501: a message the
server announced with EXISTS can be fetched).

usage: imap_select_fetch.py PORT USER PASSWORD FOLDER ROUNDS
Prints one line per failure ("failure: EXISTS 62 then FETCH 62 answered BAD ...") and at the end
"rounds=N failures=M largest=EXISTS".
"""
import imaplib
import re
import ssl
import sys


def main():
    port, user, password, folder, rounds = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed test certificate
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=60)
    imap.starttls(ssl_context=context)
    imap.login(user, password)
    failures = 0
    largest = 0
    for number in range(rounds):
        exists = select(imap, "s%d" % number, folder)
        largest = max(largest, exists)
        if exists == 0:
            continue
        tag = "f%d" % number
        imap.send(("%s FETCH %d (UID)\r\n" % (tag, exists)).encode())
        lines = read_until(imap, tag)
        if not lines[-1].startswith(tag + " OK"):
            failures += 1
            print("failure: EXISTS %d then FETCH %d answered %s" % (exists, exists, lines[-1][len(tag) + 1:]))
    print("rounds=%d failures=%d largest=%d" % (rounds, failures, largest))
    imap.logout()


def select(imap, tag, folder):
    imap.send(("%s SELECT %s\r\n" % (tag, folder)).encode())
    exists = 0
    for line in read_until(imap, tag):
        match = re.match(r"^\* (\d+) EXISTS$", line)
        if match:
            exists = int(match.group(1))
    return exists


def read_until(imap, tag):
    lines = []
    while True:
        raw = imap.readline()
        if not raw:
            raise SystemExit("the server closed the connection")
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        lines.append(line)
        if line.startswith(tag + " "):
            return lines


if __name__ == "__main__":
    main()
