package network_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/events"
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// ssh on the host itself: its version and usage, captured as ops from
// bookworm and bullseye (stdout and stderr merged; the security revision
// +debNNuN is the mirror's of the capture day, as the base system's).
var _ = Describe("ssh", func() {
	DescribeTable("says its release and its usage",
		MergedOnDebian12And11(Revisionless),
		Entry(nil, `ssh; echo "s=$?"`, "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\ns=255\n", "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command]\ns=255\n"),
		Entry(nil, `ssh -V; echo "s=$?"`, "OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.20 7 Apr 2026\ns=0\n", "OpenSSH_8.4p1 Debian-5+deb11u3, OpenSSL 1.1.1w  11 Sep 2023\ns=0\n"),
		Entry(nil, `ssh -4 -V; echo "s=$?"`, "OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.20 7 Apr 2026\ns=0\n", "OpenSSH_8.4p1 Debian-5+deb11u3, OpenSSL 1.1.1w  11 Sep 2023\ns=0\n"),
	)

	It("says it cannot reach another host, and records it", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "ssh db02 uptime")).To(Exited(255, "ssh: connecting to another host is not emulated by the simulated host\n"))
		Expect(m.Log.OfKind(events.NotEmulated)).To(ContainElement(HaveField("Detail", "ssh to another host")))
	})
})
