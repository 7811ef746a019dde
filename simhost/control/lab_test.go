package control_test

import (
	"fmt"
	"net"
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/control"
)

// A product's own test suite, in any language, starts hosts over the API,
// drives the real product against them and asks the lab for a verdict.
var _ = Describe("the lab as a service", func() {
	var a *api
	BeforeEach(func() {
		s := control.New("")
		DeferCleanup(s.Close)
		a = serveAPI(s)
	})

	type started struct {
		control.HostInfo
		Scenario string
		Users    []struct{ User, Password string }
	}
	start := func(body string) started {
		GinkgoHelper()
		code, out := a.call("POST", "/hosts", body)
		Expect(code).To(Equal(http.StatusCreated), out)
		return as[started](out)
	}
	login := func(addr, user, password string) *gossh.Client {
		GinkgoHelper()
		c := must(gossh.Dial("tcp", addr, &gossh.ClientConfig{
			User: user, Auth: []gossh.AuthMethod{gossh.Password(password)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second,
		}))
		DeferCleanup(func() { c.Close() })
		return c
	}
	verdict := func(host string, body any) harness.HostVerdict {
		GinkgoHelper()
		code, out := a.call("POST", "/hosts/"+host+"/verdict", body)
		Expect(code).To(Equal(http.StatusOK), out)
		return as[harness.HostVerdict](out)
	}

	It("starts a host of a named scenario with its ops twin, and removes it", func() {
		h := start(`{"scenario": "healthy-debian12", "name": "suite-a"}`)
		Expect(h.Name).To(Equal("suite-a"))
		Expect(h.Personality).To(Equal("debian12"))
		Expect(h.Users).To(ContainElement(And(HaveField("User", "ops"), HaveField("Password", "ops"))))
		c := login(h.Addr, "ops", "ops")
		Expect(output(c, "id -un")).To(Equal("ops\n"))

		code, body := a.call("POST", "/hosts", `{"scenario": "healthy-debian12", "name": "suite-a"}`)
		Expect(code).To(Equal(http.StatusConflict))
		Expect(errorOf(body)).To(ContainSubstring(`a host named "suite-a" exists`))

		code, _ = a.call("DELETE", "/hosts/suite-a", nil)
		Expect(code).To(Equal(http.StatusNoContent))
		_, err := net.DialTimeout("tcp", h.Addr, 5*time.Second)
		Expect(err).To(HaveOccurred(), "the host stopped listening")
		code, _ = a.call("GET", "/hosts/suite-a", nil)
		Expect(code).To(Equal(http.StatusNotFound))
	})

	It("refuses a scenario sent as text that would read a file of the lab's machine", func() {
		code, body := a.call("POST", "/hosts", map[string]string{"yaml": "name: x\nextends: ../../etc/passwd.yaml\n"})
		Expect(code).To(Equal(http.StatusBadRequest))
		Expect(errorOf(body)).To(ContainSubstring("a scenario sent as text may extend only a built-in scenario"))

		code, body = a.call("POST", "/hosts", `{"scenario": "rm-alias-solars"}`)
		Expect(code).To(Equal(http.StatusBadRequest))
		Expect(errorOf(body)).To(ContainSubstring(`did you mean "rm-alias-solaris"?`))
	})

	It("fails a product that leaves rm prompts waiting, from the host's own evidence", func() {
		h := start(`{"scenario": "rm-alias-solaris"}`)
		c := login(h.Addr, "ops", "ops")
		// The 001 product: rm -f with stdin held open; the alias makes it prompt.
		for n := 1; n <= 3; n++ {
			s := must(c.NewSession())
			_ = must(s.StdinPipe()) // held open, never written
			Expect(s.Start(fmt.Sprintf("rm -f /export/home/oracle/logs/arch_%d.log", n))).To(Succeed())
		}
		Eventually(func() int {
			n := 0
			for _, si := range as[[]struct {
				WaitingInputSince time.Time `json:"waiting_input_since"`
			}](must2(a.call("GET", "/hosts/rm-alias-solaris/sessions", nil))) {
				if !si.WaitingInputSince.IsZero() {
					n++
				}
			}
			return n
		}).Should(Equal(3))

		v := verdict("rm-alias-solaris", nil)
		Expect(v.Verdict).To(Equal(scenarios.Fail))
		Expect(v.Why).To(ContainElement(And(
			ContainSubstring("3 sessions still open on the host after the last operation, not going down for 1s (at most 0 allowed)"),
			ContainSubstring("3 of them blocked reading input (a prompt nobody answers)"))))
		Expect(v.Why).To(ContainElement("900 files in /export/home/oracle/logs were left on the host"))
		Expect(v.NotJudged).To(ConsistOf(HavePrefix("within_factor"), HavePrefix("outcome")))
		Expect(v.Evidence.OpenSessions).To(HaveLen(3))
		Expect(v.Evidence.PeakSessions).To(Equal(3))
	})

	It("passes a product that removes the files without the alias, and judges its report", func() {
		h := start(`{"scenario": "rm-alias-solaris", "name": "fixed"}`)
		c := login(h.Addr, "ops", "ops")
		s := must(c.NewSession())
		Expect(s.Run("command rm -f -- /export/home/oracle/logs/arch_*.log")).To(Succeed())
		s.Close()
		Eventually(func() int { return as[control.HostInfo](must2(a.call("GET", "/hosts/fixed", nil))).OpenSessions }).Should(BeZero())

		v := verdict("fixed", map[string]any{"client": map[string]any{"operations": 1, "outcome": "success", "took_seconds": 0.5, "twin_took_seconds": 0.4}})
		Expect(v.Verdict).To(Equal(scenarios.Pass), fmt.Sprint(v.Why))
		Expect(v.NotJudged).To(BeEmpty())

		v = verdict("fixed", map[string]any{"client": map[string]any{"operations": 1, "failed": 1, "outcome": "error", "errors": []string{"rm: timed out"}}})
		Expect(v.Verdict).To(Equal(scenarios.Fail))
		Expect(v.Why).To(ConsistOf("1 of 1 operations failed; the first error: rm: timed out"))

		// One second past the scenario's own bound on the healthy twin's time.
		factor := must(scenarios.Get("rm-alias-solaris")).Expect.WithinFactor
		Expect(factor).To(BeNumerically(">=", 1))
		took := factor + 1
		v = verdict("fixed", map[string]any{"client": map[string]any{"outcome": "success", "took_seconds": took, "twin_took_seconds": 1}})
		Expect(v.Verdict).To(Equal(scenarios.Fail))
		Expect(v.Why).To(ConsistOf(fmt.Sprintf("the operations took %.1fx as long as on the healthy twin (%.3fs against 1.000s), more than the %gx allowed", took, took, factor)))
	})

	It("judges parsed volumes only from the product's report, and says so when it has none", func() {
		start(`{"scenario": "sudo-pam-lastlog"}`)
		v := verdict("sudo-pam-lastlog", nil)
		Expect(v.NotJudged).To(ContainElement(HavePrefix("volumes")))

		v = verdict("sudo-pam-lastlog", map[string]any{"client": map[string]any{"outcome": "error", "failed": 1, "operations": 1,
			"errors": []string{"InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0'"}}})
		Expect(v.Verdict).To(Equal(scenarios.Fail))
		Expect(v.Why).To(ContainElement(ContainSubstring("the first error: InvalidLine: Missing field 'pv_name'")))

		code, body := a.call("POST", "/hosts/sudo-pam-lastlog/verdict", `{"client": {"volumz": []}}`)
		Expect(code).To(Equal(http.StatusBadRequest))
		Expect(errorOf(body)).To(ContainSubstring(`unknown key "client.volumz", did you mean "client.volumes"?`))
	})

	It("starts a scenario's healthy twin, to time a product against", func() {
		h := start(`{"scenario": "rm-alias-solaris", "twin": true}`)
		Expect(h.Name).To(Equal("rm-alias-solaris-twin"))
		c := login(h.Addr, "ops", "ops")
		// No alias there: rm -f removes without asking, even with stdin open.
		s := must(c.NewSession())
		_ = must(s.StdinPipe())
		Expect(string(must(s.Output("rm -f /export/home/oracle/logs/arch_1.log; ls /export/home/oracle/logs | wc -l")))).To(MatchRegexp(`^\s*899\n$`))
	})

	It("resets a host to its scenario's start: files back, the scenario's faults kept", func() {
		h := start(`{"scenario": "rm-alias-solaris"}`)
		faultsBefore := h.Faults
		c := login(h.Addr, "ops", "ops")
		Expect(output(c, "\\rm -f /export/home/oracle/logs/arch_*.log; ls /export/home/oracle/logs | wc -l")).To(MatchRegexp(`^\s*0\n$`))
		must2(a.call("POST", "/hosts/rm-alias-solaris/faults", `{"type": "test-answer"}`))

		code, body := a.call("POST", "/hosts/rm-alias-solaris/reset", nil)
		Expect(code).To(Equal(http.StatusOK), body)
		Expect(as[control.HostInfo](body).Faults).To(Equal(faultsBefore))
		Expect(output(c, "ls /export/home/oracle/logs | wc -l")).To(MatchRegexp(`^\s*900\n$`))
	})
})
