#!/bin/sh
# Prints simhost/machine/sysctl.tsv again from a running Debian container:
# for each kernel parameter the file names, its /proc/sys mode and value as
# the kernel shows them to a container (tabs inside a value as \t). The names
# are those products read (installers' kernel checks, hardening audits); the
# values are the kernel the engine runs, so re-run it on a new engine kernel:
#   docker/sysctl.sh IMAGE < simhost/machine/sysctl.tsv > NEW && mv NEW simhost/machine/sysctl.tsv
set -eu
image=$1
grep -v '^#' | cut -f1 | docker run --rm -i "$image" sh -c '
echo "# Kernel parameters as /proc/sys shows them in a Debian container (docker/sysctl.sh $(uname -r)):"
echo "# name, mode, value (a tab in it as a backslash and t). The host computes hostname,"
echo "# osrelease, ostype, version, file-max, threads-max and boot_id from its description."
while read -r name; do
  f=/proc/sys/$(echo "$name" | tr . /)
  [ -e "$f" ] || continue
  mode=$(stat -c %a "$f")
  value=$(cat "$f" 2>/dev/null | sed "s/\t/\\\\t/g") || value=
  printf "%s\t%s\t%s\n" "$name" "$mode" "$value"
done'
