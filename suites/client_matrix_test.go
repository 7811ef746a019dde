package suites_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
)

// The client matrix: each client a product may use, from Debian's packages,
// runs the same operations against healthy-debian12 on the simulated host and
// on the container of the same release (Debian 12 and 11), and must see the
// same outcome and texts on both.
// Every expected text below was first seen on the container.
var _ = Describe("the client matrix", Label("clients"), func() {
	for _, tk := range targets {
		for _, name := range []string{"healthy-debian12", "healthy-debian11"} {
			matrix(tk, name)
		}
	}
})

// sha1RSA is what a login with a SHA-1 ssh-rsa signature gets from each
// release's sshd: OpenSSH 9.2 refuses it, 8.4 still accepts it.
var sha1RSA = map[string]outcome{
	"healthy-debian12": {255, "", "app@127.0.0.1: Permission denied (publickey,password).\r\n"},
	"healthy-debian11": {0, "app\n", ""},
}

func matrix(tk target, name string) {
	Describe(name+" on the "+tk.kind+" target", tk.labels, Ordered, ContinueOnFailure, func() {
		var side *clientSide
		BeforeAll(func() {
			s := scenario(name)
			t := start(tk.kind, s)
			side = newClientSide(t, s.Stimulus.User)
		})

		It("rsync -e ssh: pushes a file with its mode and time", func() {
			needClient("rsync")
			local := filepath.Join(side.dir, "pushed.bin")
			Expect(os.WriteFile(local, []byte("binary\n"), 0o750)).To(Succeed())
			Expect(os.Chmod(local, 0o750)).To(Succeed())
			when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
			Expect(os.Chtimes(local, when, when)).To(Succeed())
			rsh := "ssh -p " + side.port + " -i " + side.o.Identity.Path +
				" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
			push := side.run(exec.Command("rsync", "-a", "-e", rsh, local, side.user+"@127.0.0.1:/tmp/"), "")
			Expect(push).To(Equal(outcome{0, "", ""}))
			Expect(side.run(side.ssh("TZ=UTC stat -c '%a %y' /tmp/pushed.bin; cat /tmp/pushed.bin"), "")).To(Equal(
				outcome{0, "750 2024-01-02 03:04:05.000000000 +0000\nbinary\n", ""}))
		})

		It("rsync -e ssh: a tree up with -az and --delete, back down, and the real errors", func() {
			needClient("rsync")
			rsh := "ssh -p " + side.port + " -i " + side.o.Identity.Path +
				" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
			rsync := func(args ...string) outcome {
				return side.run(exec.Command("rsync", append([]string{"-e", rsh}, args...)...), "")
			}
			tree := side.tree("rtree")
			Expect(os.Symlink("a.txt", filepath.Join(tree, "link"))).To(Succeed())
			Expect(rsync("-az", tree+"/", side.user+"@127.0.0.1:/tmp/rtree")).To(Equal(outcome{0, "", ""}))
			Expect(os.Remove(filepath.Join(tree, "sub", "b.txt"))).To(Succeed())
			Expect(os.WriteFile(filepath.Join(tree, "a.txt"), []byte("alpha, again\n"), 0o600)).To(Succeed())
			Expect(os.Chmod(filepath.Join(tree, "a.txt"), 0o600)).To(Succeed())
			Expect(rsync("-az", "--delete", tree+"/", side.user+"@127.0.0.1:/tmp/rtree")).To(Equal(outcome{0, "", ""}))
			Expect(side.run(side.ssh("cd /tmp/rtree && stat -c '%n %a %F' a.txt link sub && readlink link && find . | sort"), "")).To(Equal(outcome{0,
				"a.txt 600 regular file\nlink 777 symbolic link\nsub 755 directory\na.txt\n.\n./a.txt\n./link\n./sub\n", ""}))
			back := filepath.Join(side.dir, "rtree-back")
			Expect(rsync("-a", side.user+"@127.0.0.1:/tmp/rtree/", back)).To(Equal(outcome{0, "", ""}))
			Expect(localTree(back)).To(Equal("a.txt: alpha, again\n"))

			missing := rsync("-a", side.user+"@127.0.0.1:/nonexist/", filepath.Join(side.dir, "rnone"))
			Expect(missing.Exit).To(Equal(23))
			Expect(missing.Stderr).To(HavePrefix("rsync: [sender] change_dir \"/nonexist\" failed: No such file or directory (2)\n"))
			denied := rsync("-a", tree+"/", side.user+"@127.0.0.1:/root/x/")
			Expect(denied.Exit).To(Equal(3))
			cannotStat := HavePrefix("rsync: [Receiver] ERROR: cannot stat destination \"/root/x/\": Permission denied (13)\n")
			if tk.kind == "container" {
				// The real receiver exits on this error without waiting for its
				// message to reach the client: on a busy machine the client can
				// read the exit status alone (seen at load 12).
				Expect(denied.Stderr).To(Or(BeEmpty(), cannotStat))
			} else {
				Expect(denied.Stderr).To(cannotStat)
			}
		})

		It("ssh: SHA-1 ssh-rsa signatures are refused or accepted as the release's sshd does", func() {
			needClient("ssh")
			o := side.run(side.sshKey(side.rsaKey, "-o", "PubkeyAcceptedAlgorithms=ssh-rsa", "id -un"), "")
			Expect(o.normalised(side)).To(Equal(sha1RSA[name]))
		})

		DescribeTable("sees what a real Debian 12 shows",
			func(client string, check func(*clientSide) outcome, want outcome) {
				needClient(client)
				Expect(check(side).normalised(side)).To(Equal(want))
			},
			// OpenSSH, the reference client.
			Entry("ssh: exec keeps stdout, stderr and status apart", "ssh", func(c *clientSide) outcome {
				return c.run(c.ssh("echo out; echo err >&2; exit 3"), "")
			}, outcome{3, "out\n", "err\n"}),
			Entry("ssh: stdin reaches the command", "ssh", func(c *clientSide) outcome {
				return c.run(c.ssh("cat"), "one\ntwo\n")
			}, outcome{0, "one\ntwo\n", ""}),
			Entry("ssh -tt: a PTY session (stty size of a terminal-less client)", "ssh", func(c *clientSide) outcome {
				return c.run(c.ssh("-tt", "stty size; tty >/dev/null && echo tty"), "")
			}, outcome{0, "0 0\r\ntty\r\n", ""}),
			Entry("ssh -tt: a login shell says logout on exit and reads ~/.bash_logout", "ssh", func(c *clientSide) outcome {
				Expect(c.run(c.ssh("echo 'echo bye from bash_logout' >> ~/.bash_logout"), "").Exit).To(Equal(0))
				o := c.run(c.ssh("-tt"), "exit 6\n")
				// The typed-ahead line shows after the first prompt; bash 5.2's
				// readline then turns bracketed paste off, which the simulated
				// shell does not emulate (its prompt has no such sequences).
				_, after, _ := strings.Cut(o.Stdout, "~$ exit 6\r\n")
				return outcome{o.Exit, strings.TrimPrefix(after, "\x1b[?2004l\r"), o.Stderr}
			}, outcome{6, "logout\r\nbye from bash_logout\r\n", ""}),
			Entry("ssh -X: X11 forwarding is refused (no xauth on the host)", "ssh", func(c *clientSide) outcome {
				cmd := c.sshInfo("-X", "echo display=$DISPLAY")
				cmd.Env = append(os.Environ(), "DISPLAY=:99")
				return c.run(cmd, "")
			}, outcome{0, "display=\n", "Warning: No xauth data; using fake authentication data for X11 forwarding.\r\nX11 forwarding request failed on channel 0\r\n"}),
			Entry("ssh: password login", "ssh", func(c *clientSide) outcome {
				return c.run(must(c.o.SSHPassword(c.user, c.password, "id -un")), "")
			}, outcome{0, "app\n", ""}),
			Entry("ssh: a wrong password is refused", "ssh", func(c *clientSide) outcome {
				return c.run(must(c.o.SSHPassword(c.user, "wrong", "id -un")), "")
			}, outcome{255, "", "app@127.0.0.1: Permission denied (publickey,password).\r\n"}),
			Entry("ssh: ed25519 key login", "ssh", func(c *clientSide) outcome {
				return c.run(c.sshKey(c.o.Identity.Path, "id -un"), "")
			}, outcome{0, "app\n", ""}),
			Entry("ssh: RSA key login (rsa-sha2-512)", "ssh", func(c *clientSide) outcome {
				return c.run(c.sshKey(c.rsaKey, "id -un"), "")
			}, outcome{0, "app\n", ""}),
			Entry("ssh: ECDSA key login", "ssh", func(c *clientSide) outcome {
				return c.run(c.sshKey(c.ecdsaKey, "id -un"), "")
			}, outcome{0, "app\n", ""}),
			Entry("ssh-keyscan: Debian's three host keys", "ssh-keyscan", func(c *clientSide) outcome {
				o := c.run(exec.Command("ssh-keyscan", "-p", c.port, "127.0.0.1"), "")
				var types []string
				for _, line := range strings.Split(strings.TrimSpace(o.Stdout), "\n") {
					if f := strings.Fields(line); len(f) == 3 {
						types = append(types, f[1])
					}
				}
				sort.Strings(types)
				return outcome{o.Exit, strings.Join(types, "\n") + "\n", ""}
			}, outcome{0, "ecdsa-sha2-nistp256\nssh-ed25519\nssh-rsa\n", ""}),
			Entry("sftp: a tree up and back down", "sftp", func(c *clientSide) outcome {
				tree := c.tree("sftp")
				back := filepath.Join(c.dir, "sftp-back")
				o := c.run(must(c.o.SFTP(c.user, "put -r "+tree+" /tmp/sftp-tree", "get -r /tmp/sftp-tree "+back)), "")
				return outcome{o.Exit, c.remoteTree("/tmp/sftp-tree") + localTree(back), ""}
			}, outcome{0, treeListing, ""}),
			Entry("scp: a tree up and back down (SFTP protocol)", "scp", func(c *clientSide) outcome {
				return c.scpTree(nil, "scp-tree")
			}, outcome{0, treeListing, ""}),
			Entry("scp -O: a tree up and back down (legacy scp protocol)", "scp", func(c *clientSide) outcome {
				return c.scpTree([]string{"-O"}, "scp-legacy-tree")
			}, outcome{0, treeListing, ""}),
			Entry("ssh: ControlMaster multiplexes sessions over one connection", "ssh", func(c *clientSide) outcome {
				sock := filepath.Join(c.dir, "cm.sock")
				mux := []string{"-o", "ControlMaster=auto", "-o", "ControlPath=" + sock, "-o", "ControlPersist=60"}
				DeferCleanup(func() { c.run(c.ssh(append(mux, "-O", "exit")...), "") })
				first := c.run(c.ssh(append(mux, "echo first")...), "")
				second := c.run(c.ssh(append(mux, "echo second; exit 4")...), "")
				check := c.run(c.ssh(append(mux, "-O", "check")...), "")
				return outcome{second.Exit, first.Stdout + second.Stdout, first.Stderr + second.Stderr + strings.Split(check.Stderr, " (pid=")[0]}
			}, outcome{4, "first\nsecond\n", "Master running"}),
			Entry("ssh -W: a local forward is refused", "ssh", func(c *clientSide) outcome {
				return c.run(c.sshInfo("-W", "127.0.0.1:22"), "")
			}, outcome{255, "", "channel 0: open failed: administratively prohibited: open failed\r\nstdio forwarding failed\r\n"}),
			Entry("ssh -R: a remote forward is refused, the command still runs", "ssh", func(c *clientSide) outcome {
				return c.run(c.sshInfo("-R", "47002:127.0.0.1:22", "echo ran"), "")
			}, outcome{0, "ran\n", "Warning: remote port forwarding failed for listen port 47002\r\n"}),
			Entry("ssh -A: the forwarded agent lists the client's key", "ssh-agent", func(c *clientSide) outcome {
				sock := c.agent()
				cmd := c.ssh("-A", `test -n "$SSH_AUTH_SOCK" && ssh-add -l`)
				cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
				return c.run(cmd, "")
			}, outcome{0, "256 <fingerprint> hostile client (ED25519)\n", ""}),

			// PuTTY's tools.
			Entry("plink: exec keeps stdout, stderr and status apart, with stdin", "plink", func(c *clientSide) outcome {
				return c.run(exec.Command("plink", append(c.putty("-P"), c.user+"@127.0.0.1", "cat; echo err >&2; exit 3")...), "in\n")
			}, outcome{3, "in\n", "err\n"}),
			Entry("pscp: a tree up and back down", "pscp", func(c *clientSide) outcome {
				tree := c.tree("pscp")
				back := filepath.Join(c.dir, "pscp-back")
				Expect(os.Mkdir(back, 0o755)).To(Succeed())
				up := c.run(exec.Command("pscp", append(c.putty("-P"), "-r", "-q", tree, c.user+"@127.0.0.1:/tmp/")...), "")
				down := c.run(exec.Command("pscp", append(c.putty("-P"), "-r", "-q", c.user+"@127.0.0.1:/tmp/pscp", back)...), "")
				return outcome{up.Exit + down.Exit, c.remoteTree("/tmp/pscp") + localTree(filepath.Join(back, "pscp")), up.Stderr + down.Stderr}
			}, outcome{0, treeListing, ""}),
			Entry("psftp: a batch puts and gets a file", "psftp", func(c *clientSide) outcome {
				local := filepath.Join(c.dir, "psftp.txt")
				Expect(os.WriteFile(local, []byte("via psftp\n"), 0o644)).To(Succeed())
				batch := filepath.Join(c.dir, "psftp.batch")
				Expect(os.WriteFile(batch, []byte("put "+local+" /tmp/psftp.txt\nget /tmp/psftp.txt "+local+".back\n"), 0o644)).To(Succeed())
				o := c.run(exec.Command("psftp", append(c.putty("-P"), "-b", batch, "-bc", c.user+"@127.0.0.1")...), "")
				back, _ := os.ReadFile(local + ".back")
				return outcome{o.Exit, string(back), o.Stderr}
			}, outcome{0, "via psftp\n", "Using username \"app\".\n"}),

			// Dropbear's client.
			Entry("dbclient: exec keeps stdout, stderr and status apart, with stdin", "dbclient", func(c *clientSide) outcome {
				cmd := exec.Command("dbclient", "-y", "-y", "-p", c.port, c.user+"@127.0.0.1", "cat; echo err >&2; exit 3")
				cmd.Env = append(os.Environ(), "DROPBEAR_PASSWORD="+c.password)
				return c.run(cmd, "in\n")
			}, outcome{3, "in\n", "dbclient: Caution, skipping hostkey check for 127.0.0.1\n\nerr\n"}),

			// Python's libraries.
			Entry("paramiko: exec with stdin, and SFTP", "python3-paramiko", func(c *clientSide) outcome {
				return c.run(exec.Command("/usr/bin/python3", "-c", paramikoProbe, "127.0.0.1", c.port, c.user, c.password), "")
			}, outcome{0, "out='from paramiko\\n' err='err\\n' status=4\nstat=16\n", ""}),
			Entry("asyncssh: exec with stdin and a PTY, and SFTP", "python3-asyncssh", func(c *clientSide) outcome {
				return c.run(exec.Command("/usr/bin/python3", "-W", "ignore", "-c", asyncsshProbe, "127.0.0.1", c.port, c.user, c.password), "")
			}, outcome{0, "out='from asyncssh\\n' err='err\\n' status=5\npty='24 80\\r\\n'\nsftp=17\n", ""}),

			// libssh2, through curl.
			Entry("curl (libssh2): SFTP upload and download, SCP download", "curl", func(c *clientSide) outcome {
				local := filepath.Join(c.dir, "curl.txt")
				Expect(os.WriteFile(local, []byte("via curl\n"), 0o644)).To(Succeed())
				auth := []string{"-s", "-S", "-k", "--user", c.user + ":" + c.password}
				up := c.run(exec.Command("curl", append(auth, "-T", local, "sftp://127.0.0.1:"+c.port+"/tmp/curl.txt")...), "")
				down := c.run(exec.Command("curl", append(auth, "sftp://127.0.0.1:"+c.port+"/tmp/curl.txt")...), "")
				scp := c.run(exec.Command("curl", append(auth, "scp://127.0.0.1:"+c.port+"/tmp/curl.txt")...), "")
				return outcome{up.Exit + down.Exit + scp.Exit, down.Stdout + scp.Stdout, up.Stderr + down.Stderr + scp.Stderr}
			}, outcome{0, "via curl\nvia curl\n", ""}),
		)
	})
}

// treeListing is what the tree checks read back: the remote copy, then the
// local one brought back down.
const treeListing = "a.txt: alpha\nsub/b.txt: beta\na.txt: alpha\nsub/b.txt: beta\n"

// asyncsshProbe is a Python product on asyncssh: exec with stdin, stderr and
// status apart, a PTY of 80x24, and an SFTP write.
const asyncsshProbe = `
import asyncio, sys, asyncssh
async def main(host, port, user, password):
    async with asyncssh.connect(host, port=int(port), username=user, password=password, known_hosts=None,
                                client_keys=None, agent_path=None) as c:
        r = await c.run("cat; echo err >&2; exit 5", input="from asyncssh\n")
        print("out=%r err=%r status=%d" % (r.stdout, r.stderr, r.exit_status))
        r = await c.run("stty size", term_type="xterm", term_size=(80, 24))
        print("pty=%r" % r.stdout)
        async with c.start_sftp_client() as sftp:
            async with sftp.open("/tmp/asyncssh.txt", "w") as f:
                await f.write("written by sftp\n!")
            print("sftp=%d" % (await sftp.stat("/tmp/asyncssh.txt")).size)
asyncio.run(main(*sys.argv[1:5]))
`

// outcome is what a client run ends with.
type outcome struct {
	Exit           int
	Stdout, Stderr string
}

// normalised removes what must differ between two machines: the host key
// fingerprints, the client key's, and OpenSSH's notice that it added a host key
// to /dev/null.
func (o outcome) normalised(c *clientSide) outcome {
	fix := func(s string) string {
		s = addedHostKey.ReplaceAllString(s, "")
		return strings.ReplaceAll(s, c.fingerprint, "<fingerprint>")
	}
	return outcome{o.Exit, fix(o.Stdout), fix(o.Stderr)}
}

var addedHostKey = regexp.MustCompile(`Warning: Permanently added '[^']+' \([A-Z0-9-]+\) to the list of known hosts\.\r?\n`)

// clientSide is one target as the clients reach it.
type clientSide struct {
	o                *harness.OpenSSH
	user, password   string
	port             string
	dir              string
	rsaKey, ecdsaKey string // more client keys, authorized for user
	fingerprint      string // the ed25519 client key's
	hostKeys         []string
}

func newClientSide(t harness.Target, user string) *clientSide {
	GinkgoHelper()
	host, port := must2(net.SplitHostPort(t.Addr()))
	cred := t.Credentials(user)
	dir := GinkgoT().TempDir()
	c := &clientSide{user: user, password: cred.Password, port: port, dir: dir,
		fingerprint: gossh.FingerprintSHA256(hostiletest.Key().Signer.PublicKey())}
	c.o = &harness.OpenSSH{Host: host, Identity: hostiletest.Key(), Dir: dir}
	fmt.Sscan(port, &c.o.Port)
	// More key types, authorized the way a user would add them.
	var pubs []string
	c.rsaKey, pubs = writeKey(dir, "id_rsa", must(rsa.GenerateKey(rand.Reader, 3072)), pubs)
	c.ecdsaKey, pubs = writeKey(dir, "id_ecdsa", must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)), pubs)
	add := c.run(c.ssh("cat >> ~/.ssh/authorized_keys"), strings.Join(pubs, ""))
	Expect(add.Exit).To(Equal(0), add.Stderr)
	// PuTTY's tools take no unknown host key in batch mode: give them the host's.
	scan := c.run(exec.Command("ssh-keyscan", "-p", port, "127.0.0.1"), "")
	for _, line := range strings.Split(scan.Stdout, "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(f[1] + " " + f[2]))
			Expect(err).NotTo(HaveOccurred())
			c.hostKeys = append(c.hostKeys, gossh.FingerprintSHA256(key))
		}
	}
	return c
}

func writeKey(dir, name string, key any, pubs []string) (string, []string) {
	GinkgoHelper()
	block := must(gossh.MarshalPrivateKey(key, "matrix "+name))
	path := filepath.Join(dir, name)
	Expect(os.WriteFile(path, pem.EncodeToMemory(block), 0o600)).To(Succeed())
	signer := must(gossh.NewSignerFromKey(key))
	return path, append(pubs, string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
}

// ssh is OpenSSH with the harness's key, quiet as a product runs it.
func (c *clientSide) ssh(args ...string) *exec.Cmd { return c.o.SSH(c.user, args...) }

// sshKey logs in with the given key only.
func (c *clientSide) sshKey(key string, args ...string) *exec.Cmd {
	return c.sshWith(append([]string{"-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-i", key}, args...)...)
}

// sshInfo is OpenSSH at its default log level, where it reports refusals.
func (c *clientSide) sshInfo(args ...string) *exec.Cmd {
	return c.sshWith(append([]string{"-i", c.o.Identity.Path}, args...)...)
}

func (c *clientSide) sshWith(args ...string) *exec.Cmd {
	all := []string{"-p", c.port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes"}
	return exec.Command("ssh", append(append(all, c.user+"@127.0.0.1"), args...)...)
}

// putty is the options every PuTTY tool gets: batch mode, the password, the
// host's keys.
func (c *clientSide) putty(portFlag string) []string {
	args := []string{"-batch", portFlag, c.port, "-pw", c.password}
	for _, k := range c.hostKeys {
		args = append(args, "-hostkey", k)
	}
	return args
}

// agent starts an ssh-agent holding the harness's key for the spec.
func (c *clientSide) agent() string {
	GinkgoHelper()
	sock := filepath.Join(c.dir, "agent.sock")
	a := must(gexec.Start(exec.Command("ssh-agent", "-D", "-a", sock), GinkgoWriter, GinkgoWriter))
	DeferCleanup(func() { a.Terminate().Wait(10 * time.Second) })
	Eventually(func() error { _, err := os.Stat(sock); return err }).Should(Succeed())
	add := exec.Command("ssh-add", c.o.Identity.Path)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	Expect(c.run(add, "").Exit).To(Equal(0))
	return sock
}

// tree makes a local directory with a file and a subdirectory.
func (c *clientSide) tree(name string) string {
	GinkgoHelper()
	root := filepath.Join(c.dir, name)
	Expect(os.MkdirAll(filepath.Join(root, "sub"), 0o755)).To(Succeed())
	Expect(os.WriteFile(filepath.Join(root, "a.txt"), []byte("alpha\n"), 0o644)).To(Succeed())
	Expect(os.WriteFile(filepath.Join(root, "sub", "b.txt"), []byte("beta\n"), 0o644)).To(Succeed())
	return root
}

func (c *clientSide) scpTree(extra []string, name string) outcome {
	tree := c.tree(name)
	back := filepath.Join(c.dir, name+"-back")
	up := c.run(c.o.SCP(append(extra, "-r"), tree, c.o.Remote(c.user, "/tmp/"+name)), "")
	down := c.run(c.o.SCP(append(extra, "-r"), c.o.Remote(c.user, "/tmp/"+name), back), "")
	return outcome{up.Exit + down.Exit, c.remoteTree("/tmp/"+name) + localTree(back), up.Stderr + down.Stderr}
}

// remoteTree lists the files under dir on the target with their content.
func (c *clientSide) remoteTree(dir string) string {
	o := c.run(c.ssh(`cd `+dir+` && for f in $(find . -type f | sort); do printf '%s: %s\n' "${f#./}" "$(cat "$f")"; done`), "")
	return o.Stdout + o.Stderr
}

// localTree lists the files under dir here with their content.
func localTree(dir string) string {
	var b strings.Builder
	var files []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		rel, _ := filepath.Rel(dir, f)
		fmt.Fprintf(&b, "%s: %s\n", rel, strings.TrimSuffix(string(data), "\n"))
	}
	if len(files) == 0 {
		return "(nothing under " + dir + ")\n"
	}
	return b.String()
}

// run runs a client to its end, with stdin if given (else none).
func (c *clientSide) run(cmd *exec.Cmd, stdin string) outcome {
	GinkgoHelper()
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	s, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
	Expect(err).NotTo(HaveOccurred())
	Eventually(s, 2*time.Minute).Should(gexec.Exit(), "%s did not end", cmd.Args[0])
	return outcome{s.ExitCode(), string(s.Out.Contents()), string(s.Err.Contents())}
}

// needClient skips the spec when the client is not installed, saying which
// Debian package has it, or fails it under HOSTILE_REQUIRE_CLIENTS=1 (CI).
func needClient(client string) {
	GinkgoHelper()
	var missing error
	switch client {
	case "python3-paramiko", "python3-asyncssh":
		module := strings.TrimPrefix(client, "python3-")
		missing = exec.Command("/usr/bin/python3", "-c", "import "+module).Run()
	default:
		_, missing = exec.LookPath(client)
	}
	if missing == nil {
		return
	}
	why := fmt.Sprintf("client %s is not installed (%v); `make deps` installs it from Debian (package %s)", client, missing, clientPackages[client])
	if os.Getenv("HOSTILE_REQUIRE_CLIENTS") == "1" {
		Fail(why + "; HOSTILE_REQUIRE_CLIENTS=1 says every client must run")
	}
	Skip(why)
}

// clientPackages names the Debian package of each client.
var clientPackages = map[string]string{
	"ssh": "openssh-client", "sftp": "openssh-client", "scp": "openssh-client", "ssh-keyscan": "openssh-client",
	"ssh-agent": "openssh-client", "plink": "putty-tools", "pscp": "putty-tools", "psftp": "putty-tools",
	"dbclient": "dropbear-bin", "python3-paramiko": "python3-paramiko", "python3-asyncssh": "python3-asyncssh",
	"curl": "curl", "rsync": "rsync",
}

func must2[A, B any](a A, b B, err error) (A, B) {
	Expect(err).NotTo(HaveOccurred())
	return a, b
}
