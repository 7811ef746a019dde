package main_test

import (
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
)

var _ = Describe("hostile fault", func() {
	// faultCmd runs hostile fault args... against the control API and waits.
	faultCmd := func(control string, args ...string) *gexec.Session {
		return hostileRun(append([]string{"fault"}, append(args, "--control", control)...)...)
	}

	It("lists the types, then adds, lists and removes a fault on the host hostile serve runs", func() {
		serve := startServe("--addr", "127.0.0.1:0", "--control", "127.0.0.1:0", "--hostname", "web01", "--quiet")
		control := said(serve, `hostile: control API on (http://127\.0\.0\.1:\d+)`)

		types := faultCmd(control, "types")
		Expect(types).To(gexec.Exit(0))
		Expect(types.Out).To(gbytes.Say(`TYPE\s+DEPTH\s+SUMMARY`))
		Expect(types.Out).To(gbytes.Say(`(?m)^latency\s+transport\s+delay every chunk of bytes, with optional jitter, per direction\n`))
		Expect(types.Out).To(gbytes.Say(`(?m)^    scope: after_commands, connection\n`))
		Expect(types.Out).To(gbytes.Say(`(?m)^    delay\s+duration\s+default 100ms\s+>= 0\s+added to every read or write\n`))
		Expect(types.Out).To(gbytes.Say(`(?m)^    direction\s+string\s+default "both"\s+one of downstream,upstream,both\s+`))

		add := faultCmd(control, "add", "latency", "--param", "delay=10ms")
		Expect(add).To(gexec.Exit(0))
		Expect(string(add.Out.Contents())).To(Equal("added latency (latency, transport) to web01: delay=10ms\n"))

		// The form hostile serve prints: --control before the subcommand.
		ls := hostileRun("fault", "--control", control, "ls")
		Expect(ls).To(gexec.Exit(0))
		Expect(ls.Out).To(gbytes.Say(`NAME\s+TYPE\s+DEPTH\s+FIRED\s+PROBABILITY\s+SCOPE\s+PARAMS\n`))
		Expect(ls.Out).To(gbytes.Say(`latency\s+latency\s+transport\s+0\s+1\s+-\s+delay=10ms\n`))

		dup := faultCmd(control, "add", "latency")
		Expect(dup).To(gexec.Exit(1))
		Expect(dup.Err).To(gbytes.Say(`hostile fault add: fault "latency" already exists; remove or update it`))

		upd := faultCmd(control, "update", "latency", "--param", "jitter=5ms", "--scope", "connection=2", "--probability", "0.5")
		Expect(upd).To(gexec.Exit(0))
		Expect(string(upd.Out.Contents())).To(Equal("updated latency (latency, transport) on web01: delay=10ms jitter=5ms; scope connection=2; probability 0.5\n"))

		rm := faultCmd(control, "rm", "latency")
		Expect(rm).To(gexec.Exit(0))
		Expect(string(rm.Out.Contents())).To(Equal("removed latency from web01\n"))
		Expect(faultCmd(control, "ls").Out).To(gbytes.Say(`^no faults on web01\n`))

		serve.Signal(syscall.SIGTERM)
		Eventually(serve).Should(gexec.Exit(0))
	})

	It("explains what is wrong: an unknown type, a bad parameter, no API", func() {
		serve := startServe("--addr", "127.0.0.1:0", "--control", "127.0.0.1:0", "--quiet")
		control := said(serve, `hostile: control API on (http://127\.0\.0\.1:\d+)`)

		s := faultCmd(control, "add", "latncy")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`hostile fault add: unknown fault type "latncy" \(did you mean "latency"\?\); known types: .*latency`))
		s = faultCmd(control, "add", "latency", "--param", "delay=-1s")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`hostile fault add: fault "latency": delay: -1s is negative`))
		s = faultCmd(control, "add", "latency", "--param", "delay")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`hostile fault add: invalid argument "delay" for "--param" flag: "delay" is not key=value`))
		s = faultCmd(control, "add", "latency", "--host", "db99")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`no host "db99" \(known: hostile\)`))
		s = faultCmd(control, "frob")
		Expect(s).To(gexec.Exit(2))
		Expect(s.Err).To(gbytes.Say(`hostile fault: unknown subcommand "frob"`))

		serve.Signal(syscall.SIGTERM)
		Eventually(serve).Should(gexec.Exit(0))
		s = faultCmd(control, "ls")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`cannot reach the control API at http://127\.0\.0\.1:\d+ \(is hostile serve running with --control\?\)`))
	})

	It("refuses to serve the control API beyond loopback without a token", func() {
		s := hostileRun("serve", "--addr", "127.0.0.1:0", "--control", "0.0.0.0:0", "--quiet")
		Expect(s).To(gexec.Exit(1))
		Expect(s.Err).To(gbytes.Say(`hostile serve: --control: control address "0\.0\.0\.0:0" is reachable beyond this machine: give a token, or listen on 127\.0\.0\.1`))
	})
})
