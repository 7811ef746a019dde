package simhost_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("a host's identity, transcripts and description", func() {
	// hostKeyOf connects once, accepting only algorithm, and returns the host
	// key the server presented.
	hostKeyOf := func(h *simhost.Host, algorithm string) gossh.PublicKey {
		var key gossh.PublicKey
		cfg := clientConfig("ops")
		cfg.HostKeyAlgorithms = []string{algorithm}
		cfg.HostKeyCallback = func(_ string, _ net.Addr, k gossh.PublicKey) error { key = k; return nil }
		c, err := gossh.Dial("tcp", h.Addr(), cfg)
		Expect(err).NotTo(HaveOccurred())
		c.Close()
		return key
	}
	hostKey := func(h *simhost.Host) gossh.PublicKey { return hostKeyOf(h, gossh.KeyAlgoED25519) }

	It("keeps its host keys across restarts with a key directory, and not without", func() {
		dir := GinkgoT().TempDir()
		first := startHost(machine.Description{}, simhost.WithHostKeyDir(dir))
		key := hostKey(first)
		Expect(first.Close()).To(Succeed())
		Expect(filepath.Join(dir, "ssh_host_ed25519_key")).To(BeAnExistingFile())
		Expect(filepath.Join(dir, "ssh_host_rsa_key")).To(BeAnExistingFile())

		again := startHost(machine.Description{}, simhost.WithHostKeyDir(dir))
		Expect(hostKey(again).Marshal()).To(Equal(key.Marshal()))
		Expect(hostKey(startHost(machine.Description{})).Marshal()).NotTo(Equal(key.Marshal()))
	})

	It("offers an RSA host key to clients that take no other, the same on every connection", func() {
		h := startHost(machine.Description{})
		first := hostKeyOf(h, gossh.KeyAlgoRSASHA256)
		Expect(first.Type()).To(Equal(gossh.KeyAlgoRSA))
		Expect(hostKeyOf(h, gossh.KeyAlgoRSASHA512).Marshal()).To(Equal(first.Marshal()))
		Expect(hostKey(h).Type()).To(Equal(gossh.KeyAlgoED25519))
		// OpenSSH 9.2 no longer signs with SHA-1 ssh-rsa; 8.4 (Debian 11) still does.
		_, err := gossh.Dial("tcp", h.Addr(), &gossh.ClientConfig{User: "ops", HostKeyAlgorithms: []string{gossh.KeyAlgoRSA},
			HostKeyCallback: gossh.InsecureIgnoreHostKey()})
		Expect(err).To(MatchError(ContainSubstring("no common algorithm for host key")))
		old := startHost(machine.Description{Personality: "debian11"})
		Expect(hostKeyOf(old, gossh.KeyAlgoRSA).Type()).To(Equal(gossh.KeyAlgoRSA))
	})

	It("shows in /etc/ssh the keys its sshd presents, as ssh-keygen -A leaves them, and again after a reset", func() {
		for _, p := range []struct {
			personality string
			files       []string
		}{{"debian12", []string{"ecdsa", "ed25519", "rsa"}}, {"debian11", []string{"dsa", "ecdsa", "ed25519", "rsa"}}} {
			h := startHost(machine.Description{Personality: p.personality, Hostname: "db01"})
			Expect(h.Reset(nil)).To(Succeed())
			fsys := h.Machine().FS
			var names []string
			for _, e := range must(fsys.ReadDir(vfs.Root, "/etc/ssh")) {
				if strings.HasPrefix(e.Name, "ssh_host_") && strings.HasSuffix(e.Name, "_key") {
					names = append(names, strings.TrimSuffix(strings.TrimPrefix(e.Name, "ssh_host_"), "_key"))
				}
			}
			Expect(names).To(Equal(p.files), p.personality)
			for _, t := range p.files {
				name := "/etc/ssh/ssh_host_" + t + "_key"
				pubLine := must(fsys.ReadFile(vfs.Root, name+".pub"))
				pub, comment, _, _, err := gossh.ParseAuthorizedKey(pubLine)
				Expect(err).NotTo(HaveOccurred())
				Expect(comment).To(Equal("root@db01"))
				// The real ssh-keygen derives the same public key from the private file.
				private := filepath.Join(GinkgoT().TempDir(), "key")
				Expect(os.WriteFile(private, must(fsys.ReadFile(vfs.Root, name)), 0o600)).To(Succeed())
				derived := must(exec.Command("ssh-keygen", "-y", "-f", private).Output())
				Expect(strings.Fields(string(derived))[:2]).To(Equal(strings.Fields(string(pubLine))[:2]), "%s %s", p.personality, t)
				algorithm := map[string]string{"ecdsa": gossh.KeyAlgoECDSA256, "ed25519": gossh.KeyAlgoED25519, "rsa": gossh.KeyAlgoRSASHA256}[t]
				if algorithm != "" { // sshd no longer offers DSA
					Expect(hostKeyOf(h, algorithm).Marshal()).To(Equal(pub.Marshal()), "%s %s", p.personality, t)
				}
			}
		}
	})

	It("writes an asciicast v2 transcript per session, flushed when the host closes", func() {
		dir := GinkgoT().TempDir()
		h := startHost(machine.Description{}, simhost.WithTranscripts(dir))
		Eventually(start(ssh(h, "ops", "echo recorded"))).Should(gexec.Exit(0))
		Expect(h.Close()).To(Succeed())
		files := must(filepath.Glob(filepath.Join(dir, "*.cast")))
		Expect(files).To(HaveLen(1))
		f := must(os.Open(files[0]))
		defer f.Close()
		sc := bufio.NewScanner(f)
		Expect(sc.Scan()).To(BeTrue())
		var header map[string]any
		Expect(json.Unmarshal(sc.Bytes(), &header)).To(Succeed())
		Expect(header).To(HaveKeyWithValue("version", BeNumerically("==", 2)))
		var outputs []string
		for sc.Scan() {
			var ev []any
			Expect(json.Unmarshal(sc.Bytes(), &ev)).To(Succeed())
			if ev[1] == "o" {
				outputs = append(outputs, ev[2].(string))
			}
		}
		Expect(strings.Join(outputs, "")).To(Equal("recorded\n"))
	})

	It("refuses a description with a mistake, naming the field", func() {
		_, err := simhost.Start(context.Background(), machine.Description{
			Users: []machine.User{{Name: "ops"}, {Name: "app", Home: "home/app"}},
		})
		Expect(err).To(MatchError(`host description: users[1].home: "home/app" must be an absolute path`))
		_, err = simhost.Start(context.Background(), machine.Description{Personality: "aix7"})
		Expect(err).To(MatchError(ContainSubstring(`personality: unknown personality "aix7" (known: debian11, debian12, rhel7, solaris10-sparc)`)))
	})
})
