#!/bin/sh
# The start command of every real OS target: fresh host keys, then the scenario's
# set-up (users, files, PAM, shims: /hostile/setup.sh, put in before start by the
# harness), then sshd in the foreground, logging to stderr.
set -e
mkdir -p /run/sshd
ssh-keygen -A >/dev/null
if [ -f /hostile/setup.sh ]; then
  sh /hostile/setup.sh
fi
echo "hostile: target ready" >&2
exec /usr/sbin/sshd -D -e
