package simhost_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// One spec per path by which mvdan.cc/sh once reached the real machine (issue
// 12; third_party/mvdan-sh/PATCHES.md lists them). Each runs shell text over
// the real OpenSSH client as the unprivileged user ops and checks that the
// real machine was left as it was: a marker directory and its file, this
// process's temp directory (os.TempDir, where the interpreter made FIFOs), the
// $TMPDIR the session sets, /tmp's sh-interp-* names, and the process's
// thread count (a FIFO nobody opened blocked one thread for good).
var _ = Describe("the sandbox's escapes", Label("sandbox"), func() {
	var (
		h    *simhost.Host
		real *realMachine
		ops  *harness.OpenSSH
	)
	BeforeEach(func() {
		h = startHost(machine.Description{Personality: "debian12"})
		ops = openssh(h) // its directory is made before the temp dirs are watched
		real = watchRealMachine()
	})
	AfterEach(func() { real.expectUntouched() })

	// as runs script as user over real OpenSSH; $MARKER, $SERVERTMP and
	// $SESSTMP name the real directories, and the session exports TMPDIR.
	as := func(user, script string) (stdout, stderr string) {
		prelude := fmt.Sprintf("MARKER=%s; SERVERTMP=%s; SESSTMP=%s; export TMPDIR=$SESSTMP\n",
			real.marker, real.serverTmp, real.sessionTmp)
		s := start(ops.SSH(user, prelude+script))
		Eventually(s, time.Minute).Should(gexec.Exit())
		return string(s.Out.Contents()), string(s.Err.Contents())
	}

	It("keeps sh-interp-* names, in any TMPDIR, on the host: no real file is written", func() {
		_, stderr := as("ops", `echo pwned > $SESSTMP/sh-interp-a
echo pwned > $SERVERTMP/sh-interp-b
echo pwned > /tmp/sh-interp-c && echo host-tmp-written
export TMPDIR=$MARKER; sh -c "echo x > $MARKER/sh-interp-d.sh"`)
		Expect(stderr).To(ContainSubstring(real.sessionTmp + "/sh-interp-a: No such file or directory"))
		// /bin/sh is dash, which words it its own way: the directory is not on the host
		Expect(stderr).To(ContainSubstring("cannot create " + real.marker + "/sh-interp-d.sh: Directory nonexistent"))
		Expect(h.Machine().FS.ReadFile(vfs.Root, "/tmp/sh-interp-c")).To(Equal([]byte("pwned\n")), "the host's own /tmp took the write")
	})

	It("keeps sh-interp-* names on the host when read, redirected or sourced: no real file is read", func() {
		secret := filepath.Join(real.serverTmp, "sh-interp-secret")
		Expect(os.WriteFile(secret, []byte("echo REAL-SECRET\n"), 0o644)).To(Succeed())
		real.rescan() // the planted file is part of the real machine as it was
		stdout, stderr := as("ops", fmt.Sprintf("cat < %[1]s; . %[1]s; source %[1]s; echo \"$(<%[1]s)\"", secret))
		Expect(stdout).NotTo(ContainSubstring("REAL-SECRET"))
		Expect(stderr).To(ContainSubstring("sh-interp-secret: No such file or directory"))
	})

	It("gives an alias fault from the control API no way out either", func() {
		srv := control.New("")
		srv.AddHost("db01", h)
		addr, stop, err := control.Listen(context.Background(), "127.0.0.1:0", srv)
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(stop)
		body := must(json.Marshal(map[string]any{"type": "alias", "params": map[string]any{"aliases": map[string]string{
			"deploy": fmt.Sprintf("eval 'echo x > %s/sh-interp-c; echo x > /tmp/sh-interp-c; cat <(echo via-alias)'", real.serverTmp),
		}}}))
		resp := must(http.Post("http://"+addr+"/hosts/db01/faults", "application/json", bytes.NewReader(body)))
		resp.Body.Close()
		Expect(resp.StatusCode).To(Equal(http.StatusCreated))
		stdout, _ := as("ops", "deploy")
		Expect(stdout).To(Equal("via-alias\n"), "the alias ran, on the host")
	})

	It("runs process substitution through in-memory pipes named /dev/fd/N, however the text was parsed", func() {
		threads := real.threads
		stdout, stderr := as("ops", `echo <(true) <(true) >(true)
cat <(echo first)
while read l; do echo "read $l"; done < <(printf 'a\nb\n')
echo to-writer > >(cat)
eval 'cat <(echo evald)'
alias a='cat <(echo aliased)'; shopt -s expand_aliases; eval a
printf 'cat <(echo sourced)\n' > /tmp/ps.sh; . /tmp/ps.sh
for i in $(seq 1 40); do eval 'cat <(echo $i) >/dev/null; echo <(sleep 5) >/dev/null'; done
[[ -p <(true) ]] && echo is-a-fifo
trap 'cat <(echo trapped)' EXIT`)
		Expect(stderr).To(BeEmpty())
		Expect(strings.Split(stdout, "\n")).To(ContainElements(
			"/dev/fd/63 /dev/fd/62 /dev/fd/61", "first", "read a", "read b", "to-writer",
			"evald", "aliased", "sourced", "is-a-fifo", "trapped"))
		Expect(real.threadCount()).To(BeNumerically("<", threads+8), "no thread is left blocked on a pipe")
	})

	It("answers pwd -P from the host's filesystem, never the real one", func() {
		exe := must(os.Executable())
		stdout, _ := as("ops", `cd; PWD=/proc/self/exe pwd -P; pwd -P; ln -s /tmp t; cd t; pwd; pwd -P; PWD=`+real.marker+` pwd -P`)
		Expect(stdout).To(Equal("/home/ops\n/home/ops\n/home/ops/t\n/tmp\n/tmp\n"))
		Expect(stdout).NotTo(ContainSubstring(exe))
	})

	It("searches PATH for . and source, type and command -v on the host only", func() {
		Expect(os.WriteFile(filepath.Join(real.marker, "probe"), []byte("echo REAL-PROBE\n"), 0o755)).To(Succeed())
		real.rescan()
		stdout, stderr := as("ops", `PATH=$MARKER; . probe; echo "rc=$?"; . nosuch; type probe; command -v probe || echo not-found; hash probe`)
		Expect(stdout).NotTo(ContainSubstring("REAL-PROBE"))
		Expect(stdout).To(ContainSubstring("rc=1\nnot-found\n"))
		// A real file and a missing one get the same answer: the real one is
		// not seen, and its real path is not named.
		Expect(stderr).NotTo(ContainSubstring(real.marker))
		Expect(stderr).To(ContainSubstring("probe: No such file or directory"))
		Expect(stderr).To(ContainSubstring("nosuch: No such file or directory"))
		Expect(stderr).To(ContainSubstring("type: probe: not found"))
	})

	It("expands ~name from the host's /etc/passwd only; an unknown name stays as written", func() {
		// The host's /etc/passwd is Debian's, daemon's home /usr/sbin as there.
		stdout, _ := as("ops", `echo ~root ~ops ~daemon ~nosuch ~nosuch/x`)
		Expect(stdout).To(Equal("/root /home/ops /usr/sbin ~nosuch ~nosuch/x\n"))
		stdout, _ = as("root", `sed -i 's#:/home/ops:#:/srv/ops:#' /etc/passwd; echo ~ops; sed -i '/^daemon:/d' /etc/passwd; echo ~daemon ~daemon/x`)
		Expect(stdout).To(Equal("/srv/ops\n~daemon ~daemon/x\n"), "daemon is in the real /etc/passwd, no longer in the host's")
	})

	It("leaves HOME unset when the environment lacks it, as bash does: never the real home", func() {
		stdout, stderr := as("ops", `cd /tmp; env -u HOME bash -c 'echo "[$HOME]" ~; cd; echo "rc=$?"; pwd'; env -u HOME dash -c 'echo ~'`)
		Expect(stdout).To(Equal("[] /home/ops\nrc=1\n/tmp\n~\n"), "~ is the passwd home in bash, ~ in dash")
		Expect(stderr).To(ContainSubstring("bash: line 1: cd: HOME not set"))
		Expect(stdout).NotTo(ContainSubstring(must(os.UserHomeDir())))
	})

	It("decides [[ -O ]] and [[ -G ]] by the host's user, not the real process's", func() {
		stdout, _ := as("ops", `[[ -O /etc/passwd ]] && echo owns-passwd; [[ -G /etc/passwd ]] && echo group-passwd
touch f; [[ -O f ]] && echo owns-f; [[ -G f ]] && echo group-f; test -O /etc/passwd || echo test-agrees`)
		Expect(stdout).To(Equal("owns-f\ngroup-f\ntest-agrees\n"), "the real process is uid %d", os.Getuid())
	})

	It("gives $$ and $PPID as the host's process table has them, and UID, EUID as the host's account", func() {
		// The last ps is bash -c's last command, which bash execs in its own
		// process: it lists itself with the shell's pid, as on Debian.
		stdout, _ := as("ops", `echo $$ $PPID $UID $EUID ${GID-unset}; (echo $$); ps -o pid,ppid,comm; echo --; ps -o pid,ppid,comm`)
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		f := strings.Fields(lines[0])
		Expect(f).To(HaveLen(5))
		uid := strconv.Itoa(h.Machine().User("ops").UID)
		Expect(f[2:]).To(Equal([]string{uid, uid, "unset"}))
		Expect(lines[1]).To(Equal(f[0]), "a subshell keeps $$, as bash")
		sep := slices.Index(lines, "--")
		Expect(sep).To(BeNumerically(">", 2))
		Expect(lines[2:sep]).To(ContainElement(MatchRegexp(`^\s*%s\s+%s\s+bash$`, f[0], f[1])))
		Expect(lines[sep+1:]).To(ContainElement(MatchRegexp(`^\s*%s\s+%s\s+ps$`, f[0], f[1])))
		Expect(f[0]).NotTo(Equal(strconv.Itoa(os.Getpid())))
		Expect(f[1]).NotTo(Equal(strconv.Itoa(os.Getppid())))
	})

	It("gives the interpreter without the host's handlers nothing real to reach", func() {
		// The defaults of the patched library: exec, open, stat, readdir,
		// environment, directory, identity and process substitution all refuse.
		Expect(os.WriteFile(filepath.Join(real.marker, "probe"), []byte("echo REAL-PROBE\n"), 0o755)).To(Succeed())
		real.rescan()
		var out, errs bytes.Buffer
		r := must(interp.New(interp.StdIO(nil, &out, &errs)))
		script := fmt.Sprintf(`cat %[1]s/keep; echo pwned > %[1]s/keep; echo x > %[1]s/new; echo %[1]s/*; cd %[1]s; . %[1]s/probe
PATH=%[1]s; probe; . probe; type probe; echo "[$HOME] [$$] [$PPID] [$UID] [$USER] [$PWD]" ~root; pwd -P; cat <(echo x)
[[ -O /etc/passwd ]] && echo owns-passwd; [[ -e /etc/passwd ]] && echo sees-passwd`, real.marker)
		file := must(syntax.NewParser().Parse(strings.NewReader(script), ""))
		r.Run(context.Background(), file)
		Expect(out.String()).NotTo(ContainSubstring("precious"))
		Expect(out.String()).NotTo(ContainSubstring("REAL-PROBE"))
		Expect(out.String()).To(ContainSubstring(real.marker+"/*\n"), "no real directory is listed")
		Expect(out.String()).To(ContainSubstring("[] [] [] [] [] [/] ~root\n"))
		Expect(out.String()).NotTo(ContainSubstring("owns-passwd"))
		Expect(out.String()).NotTo(ContainSubstring("sees-passwd"))
		Expect(errs.String()).To(ContainSubstring("not run: no real system in this sandbox"))
	})
})

// realMachine is the real machine as a spec found it.
type realMachine struct {
	marker               string // a directory with the file keep ("precious") in it
	serverTmp            string // this process's $TMPDIR, os.TempDir() for the spec
	sessionTmp           string // the $TMPDIR the session exports
	threads              int
	markerList, tmpList  []string
	sessionList, interps []string
}

// watchRealMachine makes the real directories a spec checks, points this
// process's TMPDIR at one of them and records how everything is.
func watchRealMachine() *realMachine {
	r := &realMachine{marker: GinkgoT().TempDir(), serverTmp: GinkgoT().TempDir(), sessionTmp: GinkgoT().TempDir()}
	Expect(os.WriteFile(filepath.Join(r.marker, "keep"), []byte("precious"), 0o644)).To(Succeed())
	GinkgoT().Setenv("TMPDIR", r.serverTmp)
	Expect(os.TempDir()).To(Equal(r.serverTmp))
	r.threads = r.threadCount()
	r.rescan()
	return r
}

// rescan records the real directories as they are now.
func (r *realMachine) rescan() {
	r.markerList, r.tmpList, r.sessionList = walk(r.marker), walk(r.serverTmp), walk(r.sessionTmp)
	r.interps = must(filepath.Glob("/tmp/sh-interp-*"))
}

func (r *realMachine) expectUntouched() {
	Expect(os.ReadFile(filepath.Join(r.marker, "keep"))).To(Equal([]byte("precious")), "the real marker file")
	Expect(walk(r.marker)).To(Equal(r.markerList), "the real marker directory")
	Expect(walk(r.serverTmp)).To(Equal(r.tmpList), "the real temp directory (os.TempDir)")
	Expect(walk(r.sessionTmp)).To(Equal(r.sessionList), "the real directory the session named as TMPDIR")
	Expect(must(filepath.Glob("/tmp/sh-interp-*"))).To(Equal(r.interps), "/tmp's sh-interp-* names")
}

// threadCount is this process's OS threads, from /proc/self/status.
func (r *realMachine) threadCount() int {
	n := procStatus("Threads")
	Expect(n).To(BeNumerically(">", 0), "the Threads: line of /proc/self/status")
	return int(n)
}

// walk lists every path beneath dir with its type, sorted: a FIFO shows as one.
func walk(dir string) []string {
	var out []string
	Expect(filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %s", p, d.Type()))
		return nil
	})).To(Succeed())
	slices.Sort(out)
	return out
}
