package network_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// sshd asked about itself as hardening audits ask it, captured from bookworm
// (OpenSSH 9.2) and bullseye (8.4) after ssh-keygen -A, as the target's
// start makes the keys (stdout and stderr merged).
var _ = DescribeTable("sshd -T, -t and -V",
	func(user, script, bookworm, bullseye string) {
		Expect(RunMerged(NewHost("debian12"), user, script)).To(Equal(Revisionless(bookworm)))
		Expect(RunMerged(NewHost("debian11"), user, script)).To(Equal(Revisionless(bullseye)))
	},
	Entry(nil, "root", `/usr/sbin/sshd -T | md5sum`, "309d388a8dd79db9568439ff06299dda  -\n", "ee93279d59d8b82d2d9d40f55a7aeb34  -\n"),
	Entry(nil, "root", `/usr/sbin/sshd -t; echo "s=$?"`, "s=0\n", "s=0\n"),
	Entry(nil, "root", `printf 'PermitRootLogin prohibit-password\nMaxAuthTries 4\nX11Forwarding no\nClientAliveInterval 300\nBanner /etc/issue.net\n' > /etc/ssh/sshd_config.d/cis.conf; /usr/sbin/sshd -T | grep -E '^(permitrootlogin|maxauthtries|x11forwarding|clientaliveinterval|banner|passwordauthentication|hostkey) '`, "maxauthtries 4\nclientaliveinterval 300\npermitrootlogin without-password\npasswordauthentication yes\nx11forwarding no\nbanner /etc/issue.net\nhostkey /etc/ssh/ssh_host_rsa_key\nhostkey /etc/ssh/ssh_host_ecdsa_key\nhostkey /etc/ssh/ssh_host_ed25519_key\n", "maxauthtries 4\nclientaliveinterval 300\npermitrootlogin without-password\npasswordauthentication yes\nx11forwarding no\nbanner /etc/issue.net\nhostkey /etc/ssh/ssh_host_rsa_key\nhostkey /etc/ssh/ssh_host_ecdsa_key\nhostkey /etc/ssh/ssh_host_ed25519_key\n"),
	Entry(nil, "ops", `/usr/sbin/sshd -T; echo "s=$?"`, "sshd: no hostkeys available -- exiting.\r\ns=1\n", "sshd: no hostkeys available -- exiting.\r\ns=1\n"),
	Entry(nil, "ops", `/usr/sbin/sshd -V; echo "s=$?"`, "OpenSSH_9.2, OpenSSL 3.0.20 7 Apr 2026\ns=0\n", "unknown option -- V\r\nOpenSSH_8.4p1 Debian-5+deb11u3, OpenSSL 1.1.1w  11 Sep 2023\nusage: sshd [-46DdeiqTt] [-C connection_spec] [-c host_cert_file]\n            [-E log_file] [-f config_file] [-g login_grace_time]\n            [-h host_key_file] [-o option] [-p port] [-u len]\ns=1\n"),
	Entry(nil, "ops", `/usr/sbin/sshd -x; echo "s=$?"`, "unknown option -- x\r\nOpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.20 7 Apr 2026\nusage: sshd [-46DdeiqTtV] [-C connection_spec] [-c host_cert_file]\n            [-E log_file] [-f config_file] [-g login_grace_time]\n            [-h host_key_file] [-o option] [-p port] [-u len]\ns=1\n", "unknown option -- x\r\nOpenSSH_8.4p1 Debian-5+deb11u3, OpenSSL 1.1.1w  11 Sep 2023\nusage: sshd [-46DdeiqTt] [-C connection_spec] [-c host_cert_file]\n            [-E log_file] [-f config_file] [-g login_grace_time]\n            [-h host_key_file] [-o option] [-p port] [-u len]\ns=1\n"),
)
