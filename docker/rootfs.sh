#!/usr/bin/env bash
# Builds the root filesystem of a real OS target from Debian's packages, with no
# registry: debootstrap, then the clean-up FACTS.md lists (host keys are made at
# each start, apt caches go, /etc/hosts is given). Run as root.
#   rootfs.sh SUITE DIR PACKAGES  (PACKAGES comma-separated)
set -euo pipefail
suite=$1 dir=$2 packages=$3
mirror=${HOSTILE_DEBIAN_MIRROR:-http://deb.debian.org/debian}

debootstrap --variant=minbase --include="$packages" "$suite" "$dir" "$mirror"

rm -f "$dir"/etc/ssh/ssh_host_*
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/*.log
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$dir/etc/hosts"
# sshd as the scenarios need it: passwords and keys, no DNS lookups that would stall
# with no network, and the environment LANG/LC_* as Debian's AcceptEnv has it.
# Keyboard-interactive stays off, as stock Debian has it, so a refusal lists
# (publickey,password); no TCP forwarding, which the simulated host refuses
# because it reaches no real network. A drop-in is read before sshd_config's
# own lines, and sshd keeps a setting's first value.
cat > "$dir/etc/ssh/sshd_config.d/hostile.conf" <<'CONF'
PasswordAuthentication yes
KbdInteractiveAuthentication no
AllowTcpForwarding no
UseDNS no
PermitRootLogin yes
CONF
install -m 0755 "$(dirname "$0")/start.sh" "$dir/usr/local/sbin/hostile-start"
