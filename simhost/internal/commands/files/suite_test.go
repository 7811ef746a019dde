package files_test

import (
	"testing"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestFiles(t *testing.T) { RunSuite(t, "Emulated file programs") }

// hostWithFiles is a host of the personality with what the programs' tables
// of failures work on: in ops's home the files a ("A"), b ("B") and f
// (empty), 0644, and the directory d; root's /etc/secret, 0600, and
// /etc/app.conf, 0644.
func hostWithFiles(personality string) *machine.Machine {
	home := OpsHome(personality)
	return NewHost(personality, SeedFile(home+"/a", "A", "ops", 0o644), SeedFile(home+"/b", "B", "ops", 0o644),
		SeedFile(home+"/f", "", "ops", 0o644), SeedDir(home+"/d", "ops", 0o755),
		SeedFile("/etc/secret", "", "root", 0o600), SeedFile("/etc/app.conf", "", "root", 0o644))
}
