package system_test

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Every text here was printed by glibc 2.36's getent (Debian 12), the ahosts
// ones by 2.31's (Debian 11) too, in a container without IPv6.
var _ = Describe("getent", func() {
	It("answers from the host's passwd and group files, by name or number, 2 for a key it cannot find", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `getent passwd ops root 1000`)).To(Equal(Result{
			Stdout: "ops:x:1000:1000::/home/ops:/bin/bash\nroot:x:0:0:root:/root:/bin/bash\nops:x:1000:1000::/home/ops:/bin/bash\n"}))
		Expect(Run(m, "ops", `getent group ops`).Stdout).To(Equal("ops:x:1000:\n"))
		Expect(Run(m, "ops", `getent passwd nosuch`)).To(Equal(Result{Code: 2}))
		Expect(Run(m, "ops", `getent shadow ops`)).To(Equal(Result{Code: 2}), "shadow is not the user's to read")
	})
	It("refuses a database it does not know, pointing at --help on stdout", func() {
		m := NewHost("debian12")
		try := "Try `getent --help' or `getent --usage' for more information.\n"
		Expect(Run(m, "ops", `getent nosuchdb x`)).To(Equal(Result{Stdout: try, Stderr: "Unknown database: nosuchdb\n", Code: 1}))
		Expect(Run(m, "ops", `getent`)).To(Equal(Result{Stdout: try, Stderr: "getent: wrong number of arguments\n", Code: 1}))
	})
	DescribeTable("resolves with getaddrinfo over /etc/hosts as glibc 2.36 and 2.31 do on a host without IPv6",
		func(personality string) {
			m := NewHost(personality)
			three := func(addr, canon string) string {
				return fmt.Sprintf("%-15s STREAM %s\n%-15s DGRAM  \n%-15s RAW    \n", addr, canon, addr, addr)
			}
			Expect(Run(m, "ops", `getent ahosts localhost; getent ahostsv4 LOCALHOST`).Stdout).To(Equal(
				strings.Repeat(three("127.0.0.1", "localhost")+three("127.0.0.1", ""), 2)), "the 127.0.0.1 and ::1 entries, ::1 read as 127.0.0.1")
			Expect(Run(m, "ops", `getent ahosts ip6-localhost 127.1`).Stdout).To(Equal(three("127.0.0.1", "localhost") + three("127.0.0.1", "127.1")))
			Expect(Run(m, "ops", `getent ahostsv6 localhost`)).To(Equal(Result{Code: 2}), "no IPv6 answer without an IPv6 address (AI_ADDRCONFIG)")
			Expect(Run(m, "ops", `getent ahosts ::1 ip6-allnodes nosuch`)).To(Equal(Result{Code: 2}))
			Expect(Run(m, "ops", `getent ahosts nosuch localhost`)).To(Equal(Result{Stdout: three("127.0.0.1", "localhost") + three("127.0.0.1", ""), Code: 2}))
			Expect(Run(m, "ops", `getent hosts | grep -c :`)).To(Equal(Result{Stdout: "0\n", Code: 1}), "gethostent lists IPv4 entries, ::1's as 127.0.0.1")
		},
		Entry("bookworm", "debian12"), Entry("bullseye", "debian11"))
})

// Bytes captured from the hostile-os bookworm container's /etc/services.
var _ = Describe("getent services", func() {
	It("finds a service by name or port, with or without its protocol", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `getent services ssh; getent services 22; getent services ssh/udp; getent services domain 53/udp www`).Stdout).
			To(Equal("ssh                   22/tcp\nssh                   22/tcp\n" +
				"domain                53/tcp\ndomain                53/udp\nhttp                  80/tcp www\n"))
		Expect(Run(m, "ops", `getent services kerberos`).Stdout).To(Equal("kerberos              88/tcp kerberos5 krb5 kerberos-sec\n"))
		Expect(Run(m, "ops", `getent services | head -3`).Stdout).To(Equal("tcpmux                1/tcp\necho                  7/tcp\necho                  7/udp\n"))
	})
	It("exits 2 for a key it does not find", func() {
		Expect(Run(NewHost("debian12"), "ops", `getent services nosuch`)).To(Exited(2, ""))
	})
})
