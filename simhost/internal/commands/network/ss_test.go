package network_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured over ssh from hostile-os:bookworm (iproute2 6.1.0)
// and bullseye (5.9.0), whose sshd listens on port 22 of 0.0.0.0 and [::].
var _ = Describe("ss", func() {
	const header = "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
	const listeners = "LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \n" +
		"LISTEN 0      128             [::]:22           [::]:*          \n"
	DescribeTable("lists the sshd's listening sockets in ss's columns",
		func(script, want string) {
			Expect(Run(NewHost("debian12"), "ops", script)).To(Printed(want, ""))
		},
		Entry("-ltn", `ss -ltn`, header+listeners),
		Entry("-H sizes the columns to their cells", `ss -ltnH`, "LISTEN 0      128    0.0.0.0:22 0.0.0.0:*\nLISTEN 0      128       [::]:22    [::]:*\n"),
		Entry("service names without -n", `ss -lt`, header+
			"LISTEN 0      128          0.0.0.0:ssh       0.0.0.0:*          \nLISTEN 0      128             [::]:ssh          [::]:*          \n"),
		Entry("Netid with more than one kind", `ss -ltun`, "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"+
			"tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \ntcp   LISTEN 0      128             [::]:22           [::]:*          \n"),
		Entry("-4", `ss -4ltn`, header+"LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \n"),
		Entry("a port filter", `ss -ltn '( sport = :22 or sport = :5432 )'`, header+listeners),
		Entry("a filter nothing matches", `ss -ltn 'sport = :9102'`, "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"),
		Entry("a source address", `ss -ltn src 0.0.0.0`, header+"LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \n"),
		Entry("one state named, no State column", `ss -tln state listening`, "Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"+
			"0      128          0.0.0.0:22        0.0.0.0:*          \n0      128             [::]:22           [::]:*          \n"),
		Entry("no UDP", `ss -lun`, "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"),
		Entry("awk over it", `ss -lnt | awk 'NR>1 {print $4}'`, "0.0.0.0:22\n[::]:22\n"),
	)
	It("names the process only for root, with a space before it", func() {
		Expect(Run(NewHost("debian12"), "ops", `ss -lntp`).Stdout).To(Equal(header + listeners))
		// captured with sshd as pid 1; the header's padding follows the pid's width
		out := Run(NewHost("debian12"), "root", `ss -lntp`).Stdout
		Expect(out).To(MatchRegexp(`^State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess {21,}\n` +
			`LISTEN 0      128          0\.0\.0\.0:22        0\.0\.0\.0:\*    users:\(\("sshd",pid=\d+,fd=3\)\)\n` +
			`LISTEN 0      128             \[::\]:22           \[::\]:\*    users:\(\("sshd",pid=\d+,fd=4\)\)\n$`))
		lines := strings.Split(out, "\n")
		Expect(len(lines[0])).To(Equal(len(lines[1])))
	})
	It("answers bad filters and options as iproute2 does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ss -ltn 'sport = :bogus'`)).To(Exited(1, "Error: \"bogus\" does not look like a port.\nCannot parse dst/src address.\n"))
		Expect(Run(m, "ops", `ss -ltn 'foo bar'`)).To(Exited(1, "Error: an inet prefix is expected rather than \"foo\".\nCannot parse dst/src address.\n"))
		Expect(Run(m, "ops", `ss -Z`)).To(Exited(1, "ss: SELinux is not enabled.\n"))
		r := Run(m, "ops", `ss -ltn sport =`)
		Expect(r.Code).To(Equal(255))
		Expect(r.Stderr).To(HavePrefix("ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.\nUsage: ss [ OPTIONS ]\n"))
		r = Run(m, "ops", `ss --bogus`)
		Expect(r.Code).To(Equal(255))
		Expect(r.Stderr).To(HavePrefix("ss: unrecognized option '--bogus'\nUsage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n"))
		Expect(Run(NewHost("debian11"), "ops", `ss -V`)).To(Printed("ss utility, iproute2-5.9.0\n", ""))
	})
})
