#!/bin/sh
# Rewrites the loopback bind addresses of the SMTP and IMAP servers to 0.0.0.0 for a container image.
set -eu
conf="$1"
sed -i 's|<bind>127.0.0.1:|<bind>0.0.0.0:|' "$conf/smtpserver.xml" "$conf/imapserver.xml"
