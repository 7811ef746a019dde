package bench

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	gossh "golang.org/x/crypto/ssh"
)

// benchUser is the dedicated account sshd serves in the benchmark: made by
// useradd with Debian's /etc/skel, so bash reads Debian's own ~/.bashrc and
// ~/.profile, and removed (with its home) when the benchmark ends.
const benchUser = "hostilebench"

// account is who sshd serves and where that user's key is.
type account struct {
	name, home     string
	authorizedKeys string // a path, as AuthorizedKeysFile takes it
	// made is true when the benchmark created the account (and removes it).
	made bool
	// Note says, for the report, whose rc files sshd's commands run.
	note string
}

var (
	accountMu sync.Mutex
	current   *account
)

// benchAccount makes the dedicated user when running as root (once per run),
// with signer's key in its ~/.ssh/authorized_keys. Not as root, it is the
// current user, and the report says the rc files are that user's.
func benchAccount(signer gossh.Signer) (*account, error) {
	accountMu.Lock()
	defer accountMu.Unlock()
	if current != nil {
		return current, nil
	}
	key := gossh.MarshalAuthorizedKey(signer.PublicKey())
	if os.Geteuid() != 0 {
		me, err := user.Current()
		if err != nil {
			return nil, err
		}
		dir, err := os.MkdirTemp("", "hostile-bench-keys-")
		if err != nil {
			return nil, err
		}
		file := filepath.Join(dir, "authorized_keys")
		if err := os.WriteFile(file, key, 0o600); err != nil {
			return nil, err
		}
		current = &account{name: me.Username, home: me.HomeDir, authorizedKeys: file,
			note: fmt.Sprintf("not root, so sshd serves the current user %s and bash reads that user's own rc files", me.Username)}
		return current, nil
	}
	a := &account{name: benchUser, note: fmt.Sprintf("the dedicated user %s, home from Debian's /etc/skel", benchUser)}
	if u, err := user.Lookup(benchUser); err == nil {
		a.home = u.HomeDir // left by a run that was killed: reuse it, remove it at the end
	} else {
		out, err := exec.Command("useradd", "--create-home", "--skel", "/etc/skel", "--shell", "/bin/bash", benchUser).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("useradd %s: %v: %s", benchUser, err, strings.TrimSpace(string(out)))
		}
		u, err := user.Lookup(benchUser)
		if err != nil {
			return nil, err
		}
		a.home = u.HomeDir
	}
	a.made = true
	// sshd with UsePAM yes refuses a locked account ("!" in shadow); "*" is
	// no password, which key auth accepts.
	if out, err := exec.Command("usermod", "-p", "*", benchUser).CombinedOutput(); err != nil {
		removeAccount(a)
		return nil, fmt.Errorf("usermod -p '*' %s: %v: %s", benchUser, err, strings.TrimSpace(string(out)))
	}
	u, _ := user.Lookup(benchUser)
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	sshDir := filepath.Join(a.home, ".ssh")
	a.authorizedKeys = filepath.Join(sshDir, "authorized_keys")
	if err := os.MkdirAll(sshDir, 0o700); err == nil {
		err = os.WriteFile(a.authorizedKeys, key, 0o600)
		if err == nil {
			err = os.Chown(sshDir, uid, gid)
		}
		if err == nil {
			err = os.Chown(a.authorizedKeys, uid, gid)
		}
		if err != nil {
			removeAccount(a)
			return nil, err
		}
	}
	current = a
	return a, nil
}

// releaseAccount removes the dedicated user and its home, when the benchmark
// made it.
func releaseAccount() {
	accountMu.Lock()
	defer accountMu.Unlock()
	if current != nil {
		removeAccount(current)
		current = nil
	}
}

func removeAccount(a *account) {
	if !a.made {
		if a.authorizedKeys != "" {
			os.RemoveAll(filepath.Dir(a.authorizedKeys))
		}
		return
	}
	exec.Command("userdel", "--remove", benchUser).Run()
}
