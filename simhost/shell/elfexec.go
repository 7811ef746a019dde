package shell

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/personality"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// runELF does what the kernel and the dynamic loader do with a binary: refuse
// another architecture, then check every library and symbol version it needs
// against the host's libc, failing with the loader's exact words.
func (s *Session) runELF(ctx context.Context, req execRequest, p string, content []byte) (int, *ExecError) {
	libc, machines := (&Proc{M: s.m, sess: s}).loader()
	f, err := elf.NewFile(bytes.NewReader(content))
	if err != nil || !slices.Contains(machines, f.Machine) {
		return 126, &ExecError{Name: req.argv[0], Path: p, Errno: syscall.ENOEXEC}
	}
	defer f.Close()
	if msg, code := s.loaderError(req.argv[0], p, f, libc); msg != "" {
		return s.runCommand(ctx, req, func(proc *Proc) int {
			io.WriteString(proc.Stderr, msg)
			return code
		})
	}
	return s.runCommand(ctx, req, func(proc *Proc) int { return s.runLoaded(proc, p) })
}

// loaderError is what the dynamic loader prints for a binary this host cannot
// load, and the exit status it leaves, or "" when the binary loads. glibc exits
// 127 for a missing library and 1 for a missing symbol version; Solaris ld.so.1
// kills the process after a fatal error, which the shell reports as Killed.
func (s *Session) loaderError(argv0, p string, f *elf.File, libc personality.Libc) (string, int) {
	libs, _ := f.ImportedLibraries()
	for _, lib := range libs {
		if _, found := s.findLibrary(s.opts.User.Cred(), libc.Path, lib); !found {
			if libc.Family == "solaris" {
				return fmt.Sprintf("ld.so.1: %s: fatal: %s: open failed: No such file or directory\nKilled\n", path.Base(argv0), lib), 137
			}
			return fmt.Sprintf("%s: error while loading shared libraries: %s: cannot open shared object file: No such file or directory\n", argv0, lib), 127
		}
	}
	needs, err := f.DynamicVersionNeeds()
	if err != nil {
		return "", 0 // static, or no version needs: nothing for the loader to refuse
	}
	var b strings.Builder
	for _, need := range needs {
		if need.Name != libc.Soname {
			continue
		}
		for _, dep := range need.Needs {
			if libc.Provides(dep.Dep) {
				continue
			}
			if libc.Family == "solaris" {
				return fmt.Sprintf("ld.so.1: %s: fatal: %s: version `%s' not found (required by file %s)\nKilled\n",
					path.Base(argv0), need.Name, dep.Dep, p), 137
			}
			fmt.Fprintf(&b, "%s: %s: version `%s' not found (required by %s)\n", argv0, libc.Path, dep.Dep, argv0)
		}
	}
	return b.String(), 1
}

// findLibrary is where the loader finds lib: the C library's own family sits
// next to libc; anything else must be a file in the usual directories.
func (s *Session) findLibrary(cred vfs.Cred, libcPath, lib string) (string, bool) {
	base, _, _ := strings.Cut(lib, ".so")
	switch base {
	case "libc", "libm", "libdl", "libpthread", "librt", "libresolv", "libutil", "libnsl", "libsocket", "ld-linux-x86-64", "libgcc_s":
		return path.Join(path.Dir(libcPath), lib), true
	}
	for _, dir := range []string{"/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/local/lib", "/usr/sfw/lib", "/opt/csw/lib"} {
		candidate := path.Join(dir, lib)
		if info, err := s.m.FS.Stat(cred, candidate); err == nil && info.Mode.IsRegular() {
			return candidate, true
		}
	}
	return "", false
}

// FindLibrary is where the host's loader finds a shared library, as ldd shows it.
func (p *Proc) FindLibrary(lib string) (string, bool) {
	return p.sess.findLibrary(p.Cred(), p.Libc().Path, lib)
}

// runLoaded is a binary that loaded: it behaves as the host description says,
// or as the emulated tool of the same name, or exits 0 quietly.
func (s *Session) runLoaded(proc *Proc, p string) int {
	for _, b := range s.m.Desc.Binaries {
		if b.Match == p || b.Match == path.Base(p) {
			io.WriteString(proc.Stdout, b.Stdout)
			io.WriteString(proc.Stderr, b.Stderr)
			return b.Exit
		}
	}
	if cmd, ok := Lookup(path.Base(p), s.m.P.Userland); ok {
		return cmd.Run(proc)
	}
	return 0
}
