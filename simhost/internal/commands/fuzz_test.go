package commands_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

const (
	// fuzzRunFor is each script's deadline; fuzzHang is how long past it the
	// session may take to end before the script counts as hung.
	fuzzRunFor = 200 * time.Millisecond
	fuzzHang   = 5 * time.Second
	// fuzzOutput is where a session's output stops being taken, as a pipe
	// whose reader has gone: `yes` and its kin end there.
	fuzzOutput = 1 << 20
)

// FuzzShell runs random shell text as root in a session on a fresh simulated
// Debian host. Whatever the text, no program may panic (the shell survives a
// panic and logs it), the session must end soon after its deadline, and the
// real machine must stay as it was: the run's working directory (where $REAL
// points, with a file in it), the process's $TMPDIR and the one the session
// gets (where the interpreter once opened sh-interp-* files and made FIFOs),
// /tmp's sh-interp-* names, and a trap of real programs on $PATH that would
// mark any run. `make test` runs it for a bounded time;
// `go test -run '^$' -fuzz FuzzShell ./simhost/internal/commands` for longer.
func FuzzShell(f *testing.F) {
	real := f.TempDir()
	keep := filepath.Join(real, "keep")
	if err := os.WriteFile(keep, []byte("precious"), 0o644); err != nil {
		f.Fatal(err)
	}
	trap := f.TempDir()
	mark := filepath.Join(trap, "ran")
	for _, name := range []string{"rm", "touch", "ls", "sh", "bash", "cat", "cp", "mv", "mkdir", "chmod", "ln", "tee", "sed", "find", "xargs", "sudo", "env"} {
		if err := os.WriteFile(filepath.Join(trap, name), []byte("#!/bin/sh\necho \"$0 $*\" >> "+mark+"\n"), 0o755); err != nil {
			f.Fatal(err)
		}
	}
	f.Setenv("PATH", trap+":"+os.Getenv("PATH"))
	tmp := f.TempDir() // the real temporary directory, where process substitution once made FIFOs
	f.Setenv("TMPDIR", tmp)
	sessionTmp := f.TempDir() // the session's $TMPDIR, which the interpreter once used as its own
	interpNames := func() []string {
		names, _ := filepath.Glob("/tmp/sh-interp-*")
		return names
	}
	interpBefore := interpNames()

	for _, seed := range []string{
		"rm -rf $REAL; /bin/rm -rf $REAL/keep; rm -rf --no-preserve-root /",
		"echo pwned > $REAL/keep; echo pwned >> keep; : > /etc/passwd; touch $REAL/new",
		"cd $REAL && rm -rf ./* .; ls -la; find . -delete",
		"cp /etc/passwd $REAL/; mv keep gone; ln -s /etc/shadow $REAL/l; mkdir $REAL/d; chmod 000 keep",
		"cat <(echo x) >(cat); exec 3>$REAL/fd; exec /bin/rm -rf $REAL",
		"command -v rm; type -a cat; hash ls; which sh; env rm -rf $REAL; xargs rm <<< $REAL/keep",
		"sh -c 'rm -rf $REAL'; bash -c \"touch $REAL/x\"; sudo -n rm -rf $REAL; su -c 'rm -rf $REAL' root",
		"printf '#!/bin/sh\\nrm -rf \"$1\"\\n' > /tmp/x.sh; chmod +x /tmp/x.sh; /tmp/x.sh $REAL; . /tmp/x.sh $REAL",
		"yes | head -1; yes n | rm -i /etc/hosts; seq 1 100000 | sort -rn | tail -3 | wc -l",
		"while :; do :; done",
		"for i in $(seq 1 50); do mkdir -p /tmp/$i/$i; echo $i > /tmp/$i/$i/f; done; du -s /tmp; find /tmp -name f | xargs cat | tr '\\n' ' '",
		"x=$(printf '%s' {1..2000}); echo ${#x}; sed -i 's/root/toor/' /etc/passwd; grep -c toor /etc/passwd",
		"trap 'echo bye' EXIT; kill -9 $$; kill -TERM 1; exit 3",
		"sleep 10 & wait; sleep 0.01; tail -f /var/log/syslog",
		"read a b <<< 'x y'; set -- $a $b; shift; echo \"$@\" $# ${a:-none} ${b:0:1} $((1/0))",
		"cat /dev/zero | head -c 10 | od; cat /dev/urandom | head -c 4 >/dev/null; dd if=/dev/zero of=$REAL/big bs=1M count=1",
		"f() { f | f & }; f",
		"echo 'while(1){}' | bc; printf 'define f(x){return(f(x+1))}\\nf(1)\\n' | bc; echo '2^100000000; scale=9999999; 1/3' | bc; bc -l <<< 'scale=3000; e(1); l(99); s(7); a(3); j(2,1)' | tail -c 9",
		"echo 'for(;;){print 1}' | bc | head -c 9; echo 'obase=999999; ibase=16; ZZZ.ZZ; a[99999999]=1; x=++y--; define' | bc -q -l; bc /etc/passwd",
		"lvm pvs; pvs --reportformat json; getconf GNU_LIBC_VERSION; uname -a; id; ps -ef",
		"echo x > $TMPDIR/sh-interp-a; cat < $TMPDIR/sh-interp-a; . $TMPDIR/sh-interp-a; export TMPDIR=$REAL; sh -c 'echo x > $REAL/sh-interp-b'; echo x > /tmp/sh-interp-c",
		"eval 'cat <(echo x) >(cat)'; alias p='cat <(echo y)'; shopt -s expand_aliases; eval p; trap 'cat <(echo z)' EXIT; echo <(:) >(:)",
		"PWD=/proc/self/exe pwd -P; echo ~daemon ~root; PATH=$REAL; . keep; type keep; [[ -O $REAL/keep ]]; env -u HOME bash -c 'cd; pwd'; echo $$ $PPID $UID",
		// The programs discovery and install scripts use, and awk's ways out.
		"awk 'BEGIN { system(\"rm -rf $REAL\"); print \"x\" > \"$REAL/keep\"; \"cat $REAL/keep\" | getline l; print l | \"sh\" }' $REAL/keep",
		"awk 'BEGIN { getline l < \"/inet/tcp/0/127.0.0.1/22\"; while ((\"yes\" | getline y) > 0) n++ }'; awk -f /etc/passwd; awk -W version",
		"tar czf /tmp/t.tgz /etc $REAL; tar xzvf /tmp/t.tgz -C /tmp; tar tvf /tmp/t.tgz | head; gzip -c /etc/passwd | zcat | wc -l; gunzip $REAL/keep",
		"d=$(mktemp -d); timeout 0.05 sleep 5; echo $?; nohup sleep 0 ; nice -n 5 nice; diff -u /etc/passwd /etc/group; cmp /etc/hosts $REAL/keep",
		"od -c /etc/hostname; dd if=/etc/passwd of=/tmp/p bs=7 count=3 skip=1; cksum /etc/passwd; who; pidof sh; free -h; nproc; uptime",
		"locale; locale -a; stty -a; tput cols; mount; findmnt; lsblk; stat -f /; hostname -f; grep -P '(?<=root:)x' /etc/passwd; grep -V; sed --version",
		"dpkg -l; dpkg -s bash; dpkg-query -W -f='${Package}\\n'; apt-get install -y curl; apt-get update; perl -e 1; python3 -c 1",
	} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, script string) {
		// Each run's, not the fuzzer's: the fuzzer writes a failing input under
		// its own working directory.
		t.Chdir(real)
		m, err := machine.New(machine.Description{Hostname: "db01", Users: []machine.User{{Name: "ops", Password: "ops"}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := shell.Install(m); err != nil {
			t.Fatal(err)
		}
		var out capped
		s, err := shell.NewSession(m, shell.Options{User: m.User("root"), Channel: "exec", Env: []string{"REAL=" + real, "TMPDIR=" + sessionTmp},
			Stdin: strings.NewReader("y\nn\n"), Stdout: &out, Stderr: &out})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), fuzzRunFor)
		defer cancel()
		ended := make(chan struct{})
		go func() {
			defer close(ended)
			s.RunRC(ctx)
			s.Run(ctx, script)
		}()
		select {
		case <-ended:
		case <-time.After(fuzzRunFor + fuzzHang):
			t.Fatalf("still running %s after its deadline:\n%s", fuzzHang, script)
		}
		s.Close()

		for _, e := range m.Log.OfKind(events.Error) {
			if strings.HasPrefix(e.Detail, "panic") {
				t.Fatalf("%s\nafter:\n%s", e.Detail, script)
			}
		}
		if _, err := os.Stat(mark); err == nil {
			ran, _ := os.ReadFile(mark)
			t.Fatalf("a real program ran (%s):\n%s", strings.TrimSpace(string(ran)), script)
		}
		if got, err := os.ReadFile(keep); err != nil || string(got) != "precious" {
			t.Fatalf("the real %s changed (%q, %v):\n%s", keep, got, err, script)
		}
		if got := listing(t, real); !slices.Equal(got, []string{"keep"}) {
			t.Fatalf("the real working directory changed: %v:\n%s", got, script)
		}
		if got := listing(t, tmp); len(got) > 0 {
			t.Fatalf("the real temporary directory changed: %v:\n%s", got, script)
		}
		if got := listing(t, sessionTmp); len(got) > 0 {
			t.Fatalf("the session's real $TMPDIR changed: %v:\n%s", got, script)
		}
		if got := interpNames(); !slices.Equal(got, interpBefore) {
			t.Fatalf("/tmp's sh-interp-* files changed: %v, were %v:\n%s", got, interpBefore, script)
		}
	})
}

// listing is the names in a real directory, sorted.
func listing(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}

// capped takes a session's output up to fuzzOutput bytes, then fails writes.
type capped struct {
	mu sync.Mutex
	n  int
}

var errOutputFull = errors.New("output full")

func (c *capped) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n+len(b) > fuzzOutput {
		return 0, errOutputFull
	}
	c.n += len(b)
	return len(b), nil
}
