package suites_test

import (
	"context"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/product"
)

// The three escalations this lab exists for, each replayed as it happened
// (the legacy client fails the way the field saw) and as fixed (the hardened
// client survives the same host).
var _ = Describe("the escalations", Label("escalation"), func() {
	ctx := context.Background()

	for _, tg := range targets {
		Describe("on a "+tg.kind+" host", tg.labels, func() {
			Describe("001: rm aliased to rm -i on a Solaris host hangs the LogSync clean-up", func() {
				It("legacy: every rm -f prompts and waits forever; connections pile up and the files stay", func() {
					s := scenario("rm-alias-solaris")
					t := start(tg.kind, s)
					v := harness.Replay(ctx, s, t, harness.GoClients(product.Legacy), twin(tg.kind, product.Legacy))
					Expect(v.Pass).To(BeFalse())
					Expect(v.Hung).To(BeNumerically(">", 0), "operations hung on the prompt")
					Expect(v.Why).To(ContainElement(MatchRegexp(`blocked on input: the host shows \d+ session command\(s\) waiting in a read of their stdin`)),
						"judged from the host's evidence, not from the clock")
					Expect(v.Why).To(ContainElement(MatchRegexp(`sessions still open on the host`)))
					Expect(v.Why).To(ContainElement(MatchRegexp(`files in /export/home/oracle/logs were left on the host`)))
					if t.Events() != nil {
						// A command is logged when it ends: the hung ones end as the client lets go.
						Eventually(t).Should(hostiletest.HaveRun("rm -i -f /export/home/oracle/logs/arch_1.log"))
					}
				})

				It("hardened: alias-proof, stdin closed, bounded: every file is gone and nothing stays open", func() {
					s := scenario("rm-alias-solaris")
					t := start(tg.kind, s)
					v := harness.Replay(ctx, s, t, harness.GoClients(product.Hardened), twin(tg.kind, product.Hardened))
					Expect(v.Pass).To(BeTrue(), "%v", v.Why)
					Eventually(t).Should(hostiletest.HaveOpenSessions(0))
					Expect(t).NotTo(hostiletest.HaveFile("/export/home/oracle/logs/arch_*.log"))
				})
			})

			Describe("004: a sudo PAM banner in pvs output kills vdsm's strict parser", func() {
				It("legacy: the parser dies on the 'Last login' line with vdsm's InvalidLine error", func() {
					s := scenario("sudo-pam-lastlog")
					v := harness.Replay(ctx, s, start(tg.kind, s), harness.GoClients(product.Legacy))
					Expect(v.Pass).To(BeFalse())
					Expect(v.Why).To(ContainElement(ContainSubstring("InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018")))
				})

				It("hardened: the volumes come back right, and the foreign line is reported", func() {
					s := scenario("sudo-pam-lastlog")
					v := harness.Replay(ctx, s, start(tg.kind, s), harness.GoClients(product.Hardened))
					Expect(v.Pass).To(BeTrue(), "%v", v.Why)
					Expect(v.Why[0]).To(ContainSubstring("Last login"))
				})
			})

			Describe("000: a helper binary linked against a newer libc than the host's", func() {
				for _, name := range []string{"old-glibc-push", "old-libc-solaris"} {
					It(name+" legacy: pushed unchecked, the loader refuses it", func() {
						s := scenario(name)
						v := harness.Replay(ctx, s, start(tg.kind, s), harness.GoClients(product.Legacy))
						Expect(v.Pass).To(BeFalse())
						Expect(v.Why).To(ContainElement(MatchRegexp("version `(GLIBC_2.34|SUNW_1.23)' not found")))
					})

					It(name+" hardened: the preflight picks the build that fits the host's libc", func() {
						s := scenario(name)
						v := harness.Replay(ctx, s, start(tg.kind, s), harness.GoClients(product.Hardened))
						Expect(v.Pass).To(BeTrue(), "%v", v.Why)
					})
				}
			})
		})
	}
})
