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

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/recorder"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// A scripted OpenSSH session and the reference product, recorded through the
// proxy against a misbehaving simulated host, then replayed on a fresh
// simulated host built from nothing but the recorded scenario.
var _ = Describe("hostile record against a simulated host", func() {
	ctx := context.Background()

	// The 004 host, made noisier: vdsm's .bashrc greets on stderr.
	misbehaving := func() *scenarios.Scenario {
		s := scenario("sudo-pam-lastlog")
		s.Faults = append(s.Faults, faults.Spec{Name: "greeting", Type: "rc-noise", Scope: faults.Scope{User: "vdsm"},
			Params: map[string]any{"text": "Welcome to rhvh01. Authorized use only.", "stream": "stderr", "channels": []string{"exec"}}})
		s.Host.Files = append(s.Host.Files,
			machine.File{Path: "/var/lib/vdsm/notes.txt", Content: "storage domain 2d733dcd is on SAN\n", Owner: "vdsm"},
			machine.File{Path: "/var/lib/vdsm/keep.txt", Content: "keep me\n", Owner: "vdsm"})
		return s
	}
	script := []struct{ line, stdin string }{
		{"uname -a", ""},
		{"id; hostname", ""},
		{"ls /nonexistent", ""},
		{"echo out; echo err >&2; exit 3", ""},
		{"cat", "piped through\n"},
		{"sudo -n /sbin/pvs --noheadings --units b --nosuffix --separator '|' -o pv_name,vg_name,pv_size,pv_free", ""},
	}
	const prompted = "rm -i /var/lib/vdsm/keep.txt"

	// answerPrompt runs rm -i and answers its question once it is asked.
	answerPrompt := func(o *harness.OpenSSH) result {
		cmd := o.SSH("vdsm", prompted)
		stdin := must(cmd.StdinPipe())
		s := must(gexec.Start(cmd, GinkgoWriter, GinkgoWriter))
		Eventually(s.Err, 10*time.Second).Should(gbytes.Say(`rm: remove regular file .*/var/lib/vdsm/keep\.txt.*\? $`))
		stdin.Write([]byte("n\n"))
		Eventually(s, 10*time.Second).Should(gexec.Exit())
		stdin.Close()
		return result{string(s.Out.Contents()), string(s.Err.Contents()), s.ExitCode()}
	}

	It("replays every recorded command byte for byte, and the legacy product fails the same way on both hosts", func() {
		original := misbehaving()
		upstream := simulated(original)
		r := startRecorder(upstream.Addr(), "vdsm")
		via := openssh(r.Addr())

		var seen []result
		for _, c := range script {
			seen = append(seen, sshRun(via, "vdsm", c.line, c.stdin))
		}
		Expect(seen[0].Stderr).To(Equal("Welcome to rhvh01. Authorized use only.\n"), "the host's noise goes through")
		Expect(seen[3]).To(Equal(result{"out\n", "Welcome to rhvh01. Authorized use only.\nerr\n", 3}))
		Expect(seen[5].Stdout).To(HavePrefix("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n"))
		promptSeen := answerPrompt(via)
		Expect(promptSeen.Exit).To(Equal(0))

		dir := GinkgoT().TempDir()
		upload := filepath.Join(dir, "upload.txt")
		Expect(os.WriteFile(upload, []byte("pushed by sftp\n"), 0o644)).To(Succeed())
		sftp := must(via.SFTP("vdsm", "put "+upload+" /tmp/upload.txt", "get /var/lib/vdsm/notes.txt "+filepath.Join(dir, "notes.txt")))
		Expect(finish(sftp).Exit).To(Equal(0))
		Expect(finish(via.SCP([]string{"-O"}, upload, via.Remote("vdsm", "/var/tmp/"))).Exit).To(Equal(0))

		legacy := product.New(product.Config{Addr: r.Addr(), User: "vdsm", Signer: identity.Signer, Profile: product.Legacy})
		_, _, err := legacy.ListPhysicalVolumes(ctx)
		legacy.Close()
		Expect(err).To(MatchError(ContainSubstring("InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0'")))

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

		By("replaying each command on a fresh simulated host built from the file alone")
		replay := simulated(recorded)
		direct := openssh(replay.Addr())
		for i, c := range script {
			Expect(sshRun(direct, "vdsm", c.line, c.stdin)).To(Equal(seen[i]), c.line)
		}
		Expect(answerPrompt(direct)).To(Equal(promptSeen))
		Expect(sshRun(direct, "vdsm", "echo not recorded", "")).To(Equal(result{"not recorded\n", "", 0}), "the emulated shell answers the rest")

		By("replaying the legacy product against both hosts")
		before := harness.Replay(ctx, original, simulated(original), harness.NewGoClient(product.Legacy))
		after := harness.Replay(ctx, recorded, replay, harness.NewGoClient(product.Legacy))
		Expect(before.Pass).To(BeFalse())
		Expect(after.Pass).To(BeFalse())
		Expect(after.Why).To(Equal(before.Why))
		Expect(harness.Replay(ctx, recorded, simulated(recorded), harness.NewGoClient(product.Hardened)).Pass).To(BeTrue(),
			"hardened asks pvs for JSON, which the emulated pvs answers from the recorded volumes")
	})
})
