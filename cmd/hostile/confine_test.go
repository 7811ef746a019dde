package main

import (
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// TestServeConfinement checks, in a child process restricted exactly as
// `hostile serve --transcripts DIR --host-keys DIR` restricts itself, that
// what a missed escape would try fails: running any program, writing or
// reading a real file beyond those directories, dialling out over TCP;
// and that the directories still work. The restriction cannot be lifted,
// hence the child. (Listeners bound before keep accepting: the serve spec's
// session shows it.)
func TestServeConfinement(t *testing.T) {
	if dirs := os.Getenv("HOSTILE_CONFINE_CHILD"); dirs != "" {
		confinedChild(t, strings.Split(dirs, ":"))
		return
	}
	if abi, err := ll.LandlockGetABIVersion(); err != nil || abi < 1 {
		t.Skipf("this kernel has no Landlock (%v): serve runs unrestricted here, and says so", err)
	}
	transcripts, hostKeys, outside := t.TempDir(), t.TempDir(), t.TempDir()
	listener, err := net.Listen("tcp", "127.0.0.1:0") // what a missed escape might dial
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeConfinement$", "-test.v")
	cmd.Env = append(os.Environ(), "HOSTILE_CONFINE_CHILD="+transcripts+":"+hostKeys+":"+outside,
		"HOSTILE_CONFINE_DIAL="+listener.Addr().String())
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	if err != nil {
		t.Fatalf("the confined child failed: %v", err)
	}
	for _, want := range []string{
		"hostile serve: sandbox: Landlock ABI",
		"exec /bin/true: permission denied",
		"exec itself: permission denied",
		"write outside: permission denied",
		"create outside: permission denied",
		"read /etc/passwd: permission denied",
		"write transcripts: ok",
		"write host keys: ok",
		"dial tcp: permission denied",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the child did not report %q", want)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("the real directory outside changed: %v", entries)
	}
}

// confinedChild restricts itself as serve does and reports each attempt.
func confinedChild(t *testing.T, dirs []string) {
	transcripts, hostKeys, outside := dirs[0], dirs[1], dirs[2]
	kept := filepath.Join(outside, "kept")
	if err := os.WriteFile(kept, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}

	if !confine(os.Stdout, "serve", serveConfinement(transcripts, hostKeys, nil)) {
		t.Fatal("confine failed")
	}
	report := func(what string, err error) {
		switch {
		case err == nil:
			os.Stdout.WriteString(what + ": ok\n")
		case errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM):
			os.Stdout.WriteString(what + ": permission denied\n")
		default:
			os.Stdout.WriteString(what + ": " + err.Error() + "\n")
		}
	}
	report("exec /bin/true", exec.Command("/bin/true").Run())
	report("exec itself", exec.Command(os.Args[0], "-test.run=^$").Run())
	report("write outside", os.WriteFile(kept, []byte("pwned"), 0o644))
	report("create outside", os.WriteFile(filepath.Join(outside, "new"), nil, 0o644))
	_, err := os.ReadFile("/etc/passwd")
	report("read /etc/passwd", err)
	report("write transcripts", os.WriteFile(filepath.Join(transcripts, "s.cast"), []byte("{}\n"), 0o644))
	report("write host keys", os.WriteFile(filepath.Join(hostKeys, "k"), []byte("key"), 0o600))
	if f, err := os.Open(filepath.Join(transcripts, "s.cast")); err == nil {
		io.Copy(io.Discard, f)
		f.Close()
	}
	if c, err := net.Dial("tcp4", os.Getenv("HOSTILE_CONFINE_DIAL")); err == nil {
		c.Close()
		report("dial tcp", nil)
	} else {
		report("dial tcp", err)
	}
}
