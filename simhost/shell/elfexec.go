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
		}), nil
	}
	return s.runCommand(ctx, req, func(proc *Proc) int { return s.runLoaded(proc, p) }), nil
}

// loaderError is what the dynamic loader prints for a binary this host cannot
// load, and the exit status it leaves, or "" when the binary loads. glibc exits
// 127 for a missing library and 1 for a missing symbol version; Solaris ld.so.1
// kills the process after a fatal error, which the shell reports as Killed.
func (s *Session) loaderError(argv0, p string, f *elf.File, libc personality.Libc) (string, int) {
	libs, _ := f.ImportedLibraries()
	for _, lib := range libs {
		if !s.hasLibrary(lib) {
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

// hasLibrary reports whether the loader would find lib: the C library's own
// family is always there; anything else must be a file in the usual places.
func (s *Session) hasLibrary(lib string) bool {
	base, _, _ := strings.Cut(lib, ".so")
	switch base {
	case "libc", "libm", "libdl", "libpthread", "librt", "libresolv", "libutil", "libnsl", "libsocket", "ld-linux-x86-64", "libgcc_s":
		return true
	}
	for _, dir := range []string{"/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/local/lib", "/usr/sfw/lib", "/opt/csw/lib"} {
		if _, err := s.m.FS.Stat(s.opts.User.Cred(), path.Join(dir, lib)); err == nil {
			return true
		}
	}
	return false
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
