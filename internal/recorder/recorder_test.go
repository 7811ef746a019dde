package recorder_test

import (
	"context"
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// The round trip: a scripted OpenSSH session and the reference product,
// recorded through the proxy against a misbehaving host, then replayed on a
// fresh simulated host built from nothing but the recorded scenario.

const greeting = "Welcome to rhvh01. Authorized use only."

// misbehaving is the 004 host, noisier: vdsm's .bashrc greets on stderr.
func misbehaving() *scenarios.Scenario {
	s := scenario("sudo-pam-lastlog")
	s.Faults = append(s.Faults, faults.Spec{Name: "greeting", Type: "rc-noise", Scope: faults.Scope{User: "vdsm"},
		Params: map[string]any{"text": greeting, "stream": "stderr"}})
	s.Host.Files = append(s.Host.Files,
		machine.File{Path: "/var/lib/vdsm/notes.txt", Content: "storage domain 2d733dcd is on SAN\n", Owner: "vdsm"},
		machine.File{Path: "/var/lib/vdsm/keep.txt", Content: "keep me\n", Owner: "vdsm"})
	return s
}

// script is what the scripted session runs, each line with the stdin it gets.
var script = []struct{ line, stdin string }{
	{"uname -a", ""},
	{"id; hostname", ""},
	{"ls /nonexistent", ""},
	{"echo out; echo err >&2; exit 3", ""},
	{"cat", "piped through\n"},
	{"sudo -n /sbin/pvs " + product.PVSArgs[0], ""},
}

// answerPrompt runs rm -i and answers its question once it is asked.
func answerPrompt(o *harness.OpenSSH) result {
	cmd := o.SSH("vdsm", "rm -i /var/lib/vdsm/keep.txt")
	stdin := must(cmd.StdinPipe())
	s := must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
	Eventually(s.Err).Should(gbytes.Say(`rm: remove regular file .*/var/lib/vdsm/keep\.txt.*\? $`))
	stdin.Write([]byte("n\n"))
	Eventually(s).Should(gexec.Exit())
	stdin.Close()
	return result{string(s.Out.Contents()), string(s.Err.Contents()), s.ExitCode()}
}

// session is what the client saw of the scripted session.
type session struct {
	script []result
	prompt result
}

// recordSession runs the scripted session, sftp and scp, and the legacy
// product through the recorder r, and returns what the clients saw.
func recordSession(r *recorder.Recorder) session {
	via := openssh(r)
	var seen session
	for _, c := range script {
		seen.script = append(seen.script, sshRun(via, "vdsm", c.line, c.stdin))
	}
	Expect(seen.script[0].Stderr).To(Equal(greeting+"\n"), "the host's noise goes through")
	Expect(seen.script[3]).To(Equal(result{"out\n", greeting + "\nerr\n", 3}))
	Expect(seen.script[5].Stdout).To(ContainSubstring("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n"))
	seen.prompt = answerPrompt(via)
	Expect(seen.prompt.Exit).To(Equal(0))

	dir := GinkgoT().TempDir()
	upload := filepath.Join(dir, "upload.txt")
	Expect(os.WriteFile(upload, []byte("pushed by sftp\n"), 0o644)).To(Succeed())
	sftp := must(via.SFTP("vdsm", "put "+upload+" /tmp/upload.txt", "get /var/lib/vdsm/notes.txt "+filepath.Join(dir, "notes.txt")))
	Expect(finish(sftp).Exit).To(Equal(0))
	Expect(finish(via.SCP([]string{"-O"}, upload, via.Remote("vdsm", "/var/tmp/"))).Exit).To(Equal(0))

	legacy := product.New(product.Config{Addr: r.Addr(), User: "vdsm", Signer: hostiletest.Key().Signer, Profile: product.Legacy})
	_, _, err := legacy.ListPhysicalVolumes(context.Background())
	legacy.Close()
	Expect(err).To(MatchError(ContainSubstring("InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0'")))
	return seen
}

// replaySession runs the same session directly against a host serving the
// recorded scenario and demands the same bytes and exit status throughout.
func replaySession(recorded *scenarios.Scenario, seen session) {
	replay := simulated(recorded)
	direct := openssh(replay)
	for i, c := range script {
		Expect(sshRun(direct, "vdsm", c.line, c.stdin)).To(Equal(seen.script[i]), c.line)
	}
	Expect(answerPrompt(direct)).To(Equal(seen.prompt))
	Expect(sshRun(direct, "vdsm", "echo not recorded", "")).To(Equal(result{"not recorded\n", "", 0}), "the emulated shell answers the rest")
}

var _ = Describe("hostile record against a simulated host", func() {
	ctx := context.Background()

	It("replays every recorded command byte for byte, and the legacy product fails the same way on both hosts", func() {
		original := misbehaving()
		upstream := simulated(original)
		r := startRecorder(upstream.Addr(), "vdsm")
		seen := recordSession(r)
		Expect(r.Close()).To(Succeed())
		rec := r.Recording()
		Expect(rec.Identity.ServerVersion).To(Equal("SSH-2.0-OpenSSH_7.4"))
		file, recorded := write(rec, recorder.ScenarioOptions{Name: "recorded-rhvh01", Reference: original.Reference})

		By("inferring the host from the probe and the sessions")
		Expect(recorded.Host.Personality).To(Equal("rhel7"))
		Expect(recorded.Host.Hostname).To(Equal("rhvh01"))
		Expect(recorded.Host.Users).To(ConsistOf(SatisfyAll(HaveField("Name", "vdsm"), HaveField("UID", 36), HaveField("Home", "/var/lib/vdsm"))))
		Expect(recorded.Host.Sudoers).To(Equal([]string{"vdsm ALL=(ALL) NOPASSWD: ALL"}))
		Expect(recorded.Host.LVM.PVs).To(HaveLen(4))
		Expect(recorded.Host.Files).To(ContainElement(SatisfyAll(HaveField("Path", "/var/lib/vdsm/notes.txt"),
			HaveField("Content", "storage domain 2d733dcd is on SAN\n"))))
		Expect(recorded.Stimulus.Operation).To(Equal(scenarios.OpListPVs))
		Expect(recorded.Faults).NotTo(ContainElement(HaveField("Type", "pam-banner")), "the banner is in the recorded answers, not a fault")
		text := string(must(os.ReadFile(file)))
		Expect(text).To(ContainSubstring("# Recorded by hostile record from vdsm@" + upstream.Addr()))
		Expect(text).To(MatchRegexp(`# connection \d+, session 1, at \+\S+, took \S+, exit 3`))
		Expect(text).To(ContainSubstring("sent 2 times, answered the same way every time"), "ssh and the product sent the same pvs line")
		Expect(text).To(ContainSubstring("#   upload /tmp/upload.txt over sftp"))

		By("replaying each command on a fresh simulated host built from the file alone")
		replaySession(recorded, seen)

		By("replaying the legacy product against both hosts")
		before := harness.Replay(ctx, original, simulated(original), harness.GoClients(product.Legacy))
		after := harness.Replay(ctx, recorded, simulated(recorded), harness.GoClients(product.Legacy))
		Expect(before.Pass).To(BeFalse())
		Expect(after.Pass).To(BeFalse())
		Expect(after.Why).To(Equal(before.Why))
		Expect(harness.Replay(ctx, recorded, simulated(recorded), harness.GoClients(product.Hardened)).Pass).To(BeTrue(),
			"hardened asks pvs for JSON, which the emulated pvs answers from the recorded volumes")
	})

	It("keeps each command's timing only when asked: the override then waits as long as the host took", func() {
		r := startRecorder(simulated(scenario("healthy-debian12")).Addr(), "app")
		Expect(goRun(dial(r, "app"), "sleep 0.3; echo slow")).To(Equal(result{"slow\n", "", 0}))
		Expect(r.Close()).To(Succeed())
		delayOf := func(s *scenarios.Scenario) any {
			for _, f := range s.Faults {
				if f.Params["line"] == "sleep 0.3; echo slow" {
					return f.Params["delay"]
				}
			}
			return "no override"
		}
		_, quick := write(r.Recording(), recorder.ScenarioOptions{})
		Expect(delayOf(quick)).To(BeNil())
		_, timed := write(r.Recording(), recorder.ScenarioOptions{KeepTiming: true})
		delay, err := time.ParseDuration(delayOf(timed).(string))
		Expect(err).NotTo(HaveOccurred())
		Expect(delay).To(BeNumerically(">=", 300*time.Millisecond))
	})

	It("replays an rc file's echo that breaks sftp as the rc-noise that printed it: the legacy push fails the same way", func() {
		original := scenario("rc-noise-sftp")
		r := startRecorder(simulated(original).Addr(), "app")
		push := func(addr string) error {
			GinkgoHelper()
			builds := must(harness.Builds(original.Stimulus))
			c := product.New(product.Config{Addr: addr, User: "app", Signer: hostiletest.Key().Signer, Profile: product.Legacy})
			defer c.Close()
			_, err := c.PushBinary(ctx, builds, original.Stimulus.Path, original.Stimulus.Args)
			return err
		}
		recordedErr := push(r.Addr())
		Expect(recordedErr).To(HaveOccurred())
		Expect(r.Close()).To(Succeed())
		_, recorded := write(r.Recording(), recorder.ScenarioOptions{})
		Expect(recorded.Faults).To(ContainElement(SatisfyAll(HaveField("Type", "rc-noise"),
			HaveField("Params", HaveKeyWithValue("text", "Welcome to build01")))))
		Expect(push(simulated(recorded).Addr())).To(MatchError(recordedErr.Error()))
	})
})

var _ = Describe("a shell session with a terminal", func() {
	// typeAt logs in to h with a terminal, types each line once the prompt
	// shows, and returns everything the terminal showed.
	typeAt := func(h hostiletest.Server, lines ...string) string {
		s := must(dial(h, "app").NewSession())
		defer s.Close()
		Expect(s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})).To(Succeed())
		stdin := must(s.StdinPipe())
		out := gbytes.NewBuffer()
		s.Stdout = out
		Expect(s.Shell()).To(Succeed())
		for _, l := range lines {
			Eventually(out).Should(gbytes.Say(`app@app01:~\$ $`))
			stdin.Write([]byte(l + "\r"))
		}
		s.Wait() // `exit` ends the shell with the status of the line before it, not seen per line
		return string(out.Contents())
	}

	It("is split into the lines typed at its prompt, each replayed with a terminal", func() {
		r := startRecorder(simulated(scenario("healthy-debian12")).Addr(), "app")
		seen := typeAt(r, "uname -a", "export PAGER=cat", "ls /nonexistent", "exit")
		Expect(seen).To(ContainSubstring("uname -a\r\nLinux app01 "))
		Expect(r.Close()).To(Succeed())
		_, recorded := write(r.Recording(), recorder.ScenarioOptions{})
		Expect(recorded.Faults).To(ContainElement(HaveField("Params", SatisfyAll(HaveKeyWithValue("line", "uname -a"),
			HaveKeyWithValue("tty", true), HaveKeyWithValue("stdout", HavePrefix("Linux app01 "))))))
		Expect(recorded.Faults).NotTo(ContainElement(HaveField("Params", HaveKeyWithValue("line", "export PAGER=cat"))), "export changes the shell itself")
		Expect(typeAt(simulated(recorded), "uname -a", "export PAGER=cat", "ls /nonexistent", "exit")).To(Equal(seen))
	})
})
