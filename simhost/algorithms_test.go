package simhost_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The lists come from sshd -T and ssh-keyscan in the Debian containers.
var _ = Describe("the algorithms each personality's sshd speaks", func() {
	// rsaKey is an RSA client key the host's ops accepts, on disk for ssh -i.
	rsaKey := func(h *simhost.Host) string {
		key := must(rsa.GenerateKey(rand.Reader, 2048))
		block := must(gossh.MarshalPrivateKey(key, ""))
		path := hostiletest.WriteTemp("id_rsa", pem.EncodeToMemory(block), 0o600)
		pub := must(gossh.NewPublicKey(&key.PublicKey))
		Expect(h.Machine().FS.WriteFile(vfs.Root, "/home/ops/.ssh/authorized_keys", gossh.MarshalAuthorizedKey(pub), 0o600)).To(Succeed())
		return path
	}
	sshWith := func(h *simhost.Host, key string, opts ...string) *exec.Cmd {
		args := []string{"-p", strconv.Itoa(h.Port()), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
			"-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", key}
		return exec.Command("ssh", append(append(args, opts...), "ops@127.0.0.1", "true")...)
	}

	It("has Debian's three host keys, which ssh-keyscan finds", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		s := start(exec.Command("ssh-keyscan", "-p", strconv.Itoa(h.Port()), "127.0.0.1"))
		Eventually(s).Should(gexec.Exit(0))
		var types []string
		for _, line := range strings.Split(strings.TrimSpace(string(s.Out.Contents())), "\n") {
			types = append(types, strings.Fields(line)[1])
		}
		sort.Strings(types)
		Expect(types).To(Equal([]string{"ecdsa-sha2-nistp256", "ssh-ed25519", "ssh-rsa"}))
	})

	It("refuses SHA-1 ssh-rsa signatures on Debian 12 (OpenSSH 9.2) and takes rsa-sha2-512", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		key := rsaKey(h)
		s := start(sshWith(h, key, "-o", "PubkeyAcceptedAlgorithms=ssh-rsa"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(ContainSubstring("ops@127.0.0.1: Permission denied ("))
		Eventually(start(sshWith(h, key))).Should(gexec.Exit(0))
	})

	It("accepts SHA-1 ssh-rsa signatures on Debian 11 (OpenSSH 8.4)", func() {
		h := startHost(machine.Description{Personality: "debian11"})
		Eventually(start(sshWith(h, rsaKey(h), "-o", "PubkeyAcceptedAlgorithms=ssh-rsa"))).Should(gexec.Exit(0))
	})

	// OpenSSH's client will not sign with ssh-rsa for a server calling itself
	// OpenSSH_7.4 (its compat table), so a client that only can is the Go one.
	It("accepts SHA-1 ssh-rsa signatures on RHEL 7 (OpenSSH 7.4), refuses them on Debian 12", func() {
		key := must(rsa.GenerateKey(rand.Reader, 2048))
		signer := must(gossh.NewSignerFromKey(key)).(gossh.AlgorithmSigner)
		sha1Only := must(gossh.NewSignerWithAlgorithms(signer, []string{gossh.KeyAlgoRSA}))
		login := func(personality string) error {
			h := startHost(machine.Description{Personality: personality})
			Expect(h.Machine().FS.WriteFile(vfs.Root, "/home/ops/.ssh/authorized_keys", gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600)).To(Succeed())
			c, err := gossh.Dial("tcp", h.Addr(), &gossh.ClientConfig{User: "ops", Auth: []gossh.AuthMethod{gossh.PublicKeys(sha1Only)},
				HostKeyCallback: gossh.InsecureIgnoreHostKey()})
			if err == nil {
				c.Close()
			}
			return err
		}
		Expect(login("rhel7")).To(Succeed())
		Expect(login("debian12")).To(MatchError(ContainSubstring("unable to authenticate")))
	})

	It("offers no key exchange x/crypto cannot do, and says so when a client insists", func() {
		h := startHost(machine.Description{Personality: "debian12"})
		s := start(sshWith(h, hostiletest.Key().Path, "-o", "KexAlgorithms=sntrup761x25519-sha512@openssh.com"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(ContainSubstring("no matching key exchange method found. Their offer: curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"))
	})

	It("offers Sun_SSH's old ciphers first on Solaris 10", func() {
		h := startHost(machine.Description{Personality: "solaris10-sparc"})
		s := start(sshWith(h, hostiletest.Key().Path, "-o", "Ciphers=chacha20-poly1305@openssh.com"))
		Eventually(s).Should(gexec.Exit(255))
		Expect(string(s.Err.Contents())).To(ContainSubstring("no matching cipher found. Their offer: aes128-ctr,aes192-ctr,aes256-ctr,arcfour128,arcfour256,arcfour,aes128-cbc,3des-cbc"))
	})
})
