package main_test

import (
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
)

var _ = Describe("hostile serve stopped while sessions keep the cores busy", func() {
	It("exits on SIGTERM whatever its sessions run: a sed branch loop, a shell loop, yes", func() {
		serve := startServe("--addr", "127.0.0.1:0", "--control", "", "--hostname", "db01", "--quiet")
		addr := said(serve, `hostile: serving db01 \(debian12\) on (127\.0\.0\.1:\d+)`)

		for _, busy := range []string{"echo x | sed ':a;ba'", "while :; do :; done", "yes > /dev/null", "x=$(while :; do echo y; done | head -c 1)"} {
			s := must(login(addr).NewSession())
			Expect(s.Start(busy)).To(Succeed())
		}
		time.Sleep(500 * time.Millisecond) // each loop under way

		serve.Signal(syscall.SIGTERM)
		// The issue saw serve still running 5 s after SIGTERM; the suite's
		// minute leaves a loaded 2-core machine room while a loop that ignores
		// its session would keep serve for ever.
		Eventually(serve).Should(gexec.Exit(0))
	})
})
