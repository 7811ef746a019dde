package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"

	"github.com/hostile-lab/hostile/harness"
)

// Defence in depth: once serve, replay and record have set up what they need
// from the real machine (listening sockets, host keys, scenario files, their
// temp directory), they restrict their own process with Linux Landlock, so that
// an escape from the simulated shell that was missed still cannot run a
// program or write a real file. The restriction covers every thread and is
// inherited by any child; it cannot be lifted. Where the kernel lacks
// Landlock, the command says so and goes on unrestricted (best effort).

// confinement is what a command keeps of the real filesystem.
type confinement struct {
	// dirs it reads and writes beneath (its transcripts, host keys and temp
	// directory); they are created if missing.
	dirs []string
	// files it writes at the end (--junit, --out): they are created now if
	// missing, so that only they, not their directory, need be writable.
	files []string
	// rmdirIn are directories from which it removes its own temp directory
	// when it ends: only empty directories can be removed there.
	rmdirIn []string
	// readAll leaves reads unrestricted, for a command that talks to Docker or
	// a real upstream host (their client libraries read configuration files);
	// otherwise it reads only its dirs, and /proc/self for profiles.
	readAll bool
	// noNetwork forbids new outgoing TCP connections, plain-TCP binds and
	// signals to processes outside the sandbox, for a command that dials
	// nothing. Listeners open go on accepting. Landlock does not cover
	// Multipath TCP, which Go's net.Listen uses where the kernel has it.
	noNetwork bool
	// bindPorts are the TCP ports a noNetwork command may still bind: where
	// the control API starts hosts (POST /hosts); 0 is any ephemeral port.
	bindPorts []int
}

// Rights a confined command has in its own directories: everything but
// execute.
const labDirRights = ll.AccessFSReadFile | ll.AccessFSReadDir | ll.AccessFSWriteFile | ll.AccessFSTruncate |
	ll.AccessFSMakeReg | ll.AccessFSMakeDir | ll.AccessFSRemoveFile | ll.AccessFSRemoveDir

// confine restricts this process as c says and prints one line saying what was
// restricted, or why nothing was. It returns false only when the restriction
// was attempted and failed, which the caller reports and stops on.
func confine(w io.Writer, name string, c confinement) bool {
	// Loaded now, while /etc/localtime can still be read: log times stay local.
	_ = time.Now().Local()
	abi, err := ll.LandlockGetABIVersion()
	if err != nil || abi < 1 {
		fmt.Fprintf(w, "hostile %s: sandbox: not restricted: this kernel has no Landlock (%v); the simulated shell's own checks still apply\n", name, orNone(err))
		return true
	}
	var rules []landlock.Rule
	var writes []string
	for _, d := range c.dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintf(w, "hostile %s: sandbox: %v\n", name, err)
			return false
		}
		rules = append(rules, landlock.PathAccess(labDirRights, d))
		writes = append(writes, d)
	}
	for _, file := range c.files {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			fmt.Fprintf(w, "hostile %s: sandbox: %v\n", name, err)
			return false
		}
		f.Close()
		rules = append(rules, landlock.PathAccess(ll.AccessFSWriteFile|ll.AccessFSTruncate|ll.AccessFSReadFile, file))
		writes = append(writes, file)
	}
	for _, d := range c.rmdirIn {
		rules = append(rules, landlock.PathAccess(ll.AccessFSRemoveDir, d))
	}
	handled := landlock.V7 // every filesystem right of ABI 7, execute included
	reads := "anywhere (Docker and SSH clients read their configuration)"
	if !c.readAll {
		rules = append(rules, landlock.PathAccess(ll.AccessFSReadFile|ll.AccessFSReadDir, "/proc/self").IgnoreIfMissing())
		reads = "only " + strings.Join(append(slices.Clone(writes), "/proc/self"), ", ")
	} else {
		rules = append(rules, landlock.PathAccess(ll.AccessFSReadFile|ll.AccessFSReadDir, "/"))
	}
	restrict, network := handled.BestEffort().RestrictPaths, ""
	if c.noNetwork {
		// Network rights came with ABI 4, signal scoping with ABI 6.
		restrict, network = handled.BestEffort().Restrict, "; no outgoing TCP connection"
		for _, p := range c.bindPorts {
			rules = append(rules, landlock.BindTCP(uint16(p)))
		}
		if len(c.bindPorts) > 0 {
			network += "; binds only " + portsText(c.bindPorts) + " (hosts started over the control API)"
		}
		if abi < 4 {
			network = "; network not restricted (Landlock ABI < 4)"
		}
	}
	if err := restrict(rules...); err != nil {
		fmt.Fprintf(w, "hostile %s: sandbox: Landlock: %v\n", name, err)
		return false
	}
	writesTo := "nothing"
	if len(writes) > 0 {
		writesTo = "only to " + strings.Join(writes, ", ")
	}
	fmt.Fprintf(w, "hostile %s: sandbox: Landlock ABI %d: no program may be executed; writes %s; reads %s%s\n",
		name, abi, writesTo, reads, network)
	return true
}

func orNone(err error) string {
	if err == nil {
		return "ABI 0"
	}
	return err.Error()
}

// nonEmpty drops the empty strings: flags left unset.
func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// serveConfinement keeps serve's transcripts and host keys, reads nothing
// else and dials nothing: the simulated host needs nothing more of the real
// machine once its listeners are bound.
func serveConfinement(transcripts, hostKeys string, bindPorts []int) confinement {
	return confinement{dirs: nonEmpty(transcripts, hostKeys), noNetwork: true, bindPorts: bindPorts}
}

// portsText says which ports may be bound: "ports 2300-2309", "an ephemeral port".
func portsText(ports []int) string {
	switch {
	case len(ports) == 1 && ports[0] == 0:
		return "an ephemeral port"
	case len(ports) == 1:
		return fmt.Sprintf("port %d", ports[0])
	}
	return fmt.Sprintf("ports %d-%d", ports[0], ports[len(ports)-1])
}

// externalClient is the first client of replay's that is a real program.
func externalClient(clients []string) string {
	for _, c := range clients {
		if c != "legacy" && c != "hardened" {
			return c
		}
	}
	return ""
}

// replayConfinement keeps replay's temp directory (removed at the end),
// transcripts and JUnit file; a container target reads Docker's configuration.
func replayConfinement(tempDir, transcripts, junit, target string) confinement {
	return confinement{
		dirs:    nonEmpty(tempDir, transcripts),
		files:   nonEmpty(junit),
		rmdirIn: []string{filepath.Dir(tempDir)},
		readAll: target != "simulated",
	}
}

// tempIdentity makes a client key in a temporary directory of its own for a
// run of hostile's command; the caller removes the directory (removeTempDir).
func tempIdentity(command string) (*harness.Identity, string, error) {
	dir, err := os.MkdirTemp("", "hostile-"+command+"-")
	if err != nil {
		return nil, "", err
	}
	id, err := harness.NewIdentity(dir)
	if err != nil {
		removeTempDir(dir)
		return nil, "", err
	}
	return id, dir, nil
}

// removeTempDir removes a command's own temp directory (flat: files only) by
// path, entry by entry: os.RemoveAll would open its parent for reading, which a
// command confined to its own directories may not, and leave it behind.
func removeTempDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
	os.Remove(dir)
}
