package system

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "ldd", ShortName: true, Run: lddCmd})
}

// lddRelease names the C library in ldd --version, with its copyright year.
var lddRelease = map[string]struct {
	pkg  string
	year int
}{
	"2.36": {"Debian GLIBC 2.36-9+deb12u9", 2022},
	"2.31": {"Debian GLIBC 2.31-13+deb11u11", 2020},
	"2.17": {"GNU libc", 2012},
}

const lddSolarisUsage = "usage: ldd [-d | -r] [-c] [-e envar] [-i] [-f] [-L] [-l] [-s] [-U | -u] [-v] file(s)"

// lddCmd is glibc's ldd script (or Solaris ldd): for each file the libraries
// the loader would map, where it finds them, and which symbol versions are
// missing.
func lddCmd(p *shell.Proc) int {
	if p.Solaris() {
		_, operands, fail := progkit.ParseSpec(p, p.Args(), progkit.Spec{Short: "cdefiLlrsUuv", Usage: lddSolarisUsage})
		if fail != 0 {
			return fail
		}
		if len(operands) == 0 {
			fmt.Fprintln(p.Stderr, lddSolarisUsage)
			return 1
		}
		return lddFiles(p, operands)
	}
	args := p.Args()
	var files []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case len(files) > 0 || a == "-" || !strings.HasPrefix(a, "-"):
			files = append(files, a)
		case a == "--":
			files = append(files, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix("--version", a) && len(a) >= 6:
			libc := p.Libc().Version
			rel, ok := lddRelease[libc]
			if !ok {
				rel.pkg, rel.year = "GNU libc", 2022
			}
			p.Printf("ldd (%s) %s\nCopyright (C) %d Free Software Foundation, Inc.\n"+
				"This is free software; see the source for copying conditions.  There is NO\n"+
				"warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n"+
				"Written by Roland McGrath and Ulrich Drepper.\n", rel.pkg, libc, rel.year)
			return 0
		case strings.HasPrefix("--help", a) && len(a) >= 3:
			p.Printf("Usage: ldd [OPTION]... FILE...\n      --help              print this help and exit\n" +
				"      --version           print version information and exit\n" +
				"  -d, --data-relocs       process data relocations\n" +
				"  -r, --function-relocs   process data and function relocations\n" +
				"  -u, --unused            print unused direct dependencies\n" +
				"  -v, --verbose           print all information\n")
			return 0
		case slices.Contains([]string{"-d", "-r", "-u", "-v", "--data-relocs", "--function-relocs", "--unused", "--verbose"}, a):
		default:
			fmt.Fprintf(p.Stderr, "ldd: unrecognized option `%s'\nTry `ldd --help' for more information.\n", a)
			return 1
		}
	}
	if len(files) == 0 {
		fmt.Fprintf(p.Stderr, "ldd: missing file arguments\nTry `ldd --help' for more information.\n")
		return 1
	}
	return lddFiles(p, files)
}

// lddFiles lists each file's libraries, under its name when there are several.
func lddFiles(p *shell.Proc, files []string) int {
	status := 0
	for _, file := range files {
		if len(files) > 1 {
			p.Printf("%s:\n", file)
		}
		name := file
		if !strings.Contains(name, "/") && !p.Solaris() {
			name = "./" + name // the loader must not search PATH
		}
		if !lddOne(p, name) {
			status = 1
		}
	}
	return status
}

// lddOne lists one file; false when it is not a dynamic executable or cannot
// be read.
func lddOne(p *shell.Proc, name string) bool {
	fsys, cred, abs := p.M.FS, p.Cred(), p.Abs(name)
	info, err := fsys.Stat(cred, abs)
	switch {
	case err != nil && p.Solaris():
		p.Errorf("%s: cannot open file: %s", name, p.Strerror(err))
		return false
	case err != nil:
		p.Errorf("%s: %s", name, p.Strerror(err))
		return false
	case !info.Mode.IsRegular():
		p.Errorf("%s: not regular file", name)
		return false
	case fsys.Access(cred, abs, 4) != nil:
		p.Errorf("error: you do not have read permission for `%s'", name)
		return false
	case fsys.Access(cred, abs, 1) != nil && progkit.LegacyGNU(p):
		// glibc 2.17's ldd warns; 2.31 and 2.36 trace the file regardless.
		p.Errorf("warning: you do not have execution permission for `%s'", name)
	}
	content, err := fsys.ReadFile(cred, abs)
	if err != nil {
		p.Errorf("%s: %s", name, p.Strerror(err))
		return false
	}
	needs, err := elfbin.Read(content)
	if err != nil || needs.Static || !slices.Contains(p.M.P.Machines, needs.Machine) {
		if p.Solaris() {
			p.Errorf("%s: unsupported or unknown file type", name)
			return false
		}
		if progkit.LegacyGNU(p) {
			p.Printf("\tnot a dynamic executable\n")
		} else {
			fmt.Fprintf(p.Stderr, "\tnot a dynamic executable\n") // on stderr, as glibc 2.31 and 2.36 print it
		}
		return false
	}
	libc := p.Libc()
	var out strings.Builder
	if p.Solaris() {
		for _, lib := range needs.Libraries {
			where, found := p.FindLibrary(lib)
			if !found {
				fmt.Fprintf(&out, "\t%s =>\t (file not found)\n", lib)
				continue
			}
			fmt.Fprintf(&out, "\t%s =>\t %s\n", lib, where)
			for _, v := range needs.Versions[lib] {
				if lib == libc.Soname && !libc.Provides(v) {
					fmt.Fprintf(&out, "\t%s (%s) =>\t (version not found)\n", lib, v)
				}
			}
		}
		p.Printf("%s", out.String())
		return true
	}
	// glibc: the loader's version errors come first. Debian's ldd folds the
	// loader's stderr into its output (2>&1 in try_trace); RHEL 7's does not.
	var errs strings.Builder
	for _, v := range needs.Versions[libc.Soname] {
		if !libc.Provides(v) {
			fmt.Fprintf(&errs, "%s: %s: version `%s' not found (required by %s)\n", name, libc.Path, v, name)
		}
	}
	if progkit.LegacyGNU(p) {
		fmt.Fprint(p.Stderr, errs.String())
		fmt.Fprintf(&out, "\tlinux-vdso.so.1 =>  (%s)\n", lddAddress(name, "vdso"))
	} else {
		out.WriteString(errs.String())
		fmt.Fprintf(&out, "\tlinux-vdso.so.1 (%s)\n", lddAddress(name, "vdso"))
	}
	for _, lib := range needs.Libraries {
		if where, found := p.FindLibrary(lib); found {
			fmt.Fprintf(&out, "\t%s => %s (%s)\n", lib, where, lddAddress(name, lib))
		} else {
			fmt.Fprintf(&out, "\t%s => not found\n", lib)
		}
	}
	interp := needs.Interp
	if interp == "" {
		interp = "/lib64/ld-linux-x86-64.so.2"
	}
	fmt.Fprintf(&out, "\t%s (%s)\n", interp, lddAddress(name, interp))
	p.Printf("%s", out.String())
	return true
}

// lddAddress is a load address, stable for a file and library.
func lddAddress(file, lib string) string {
	h := fnv.New32a()
	h.Write([]byte(file + "\x00" + lib))
	base := uint64(0x7f0000000000)
	if lib == "vdso" {
		base = 0x7ffc00000000
	}
	return fmt.Sprintf("0x%016x", base+uint64(h.Sum32()&0x3fffff)<<12)
}
