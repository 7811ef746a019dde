package system

import (
	"fmt"
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "whereis", Only: "gnu", ShortName: true, Run: whereisCmd})
}

// whereis's kinds of directory.
const (
	whereisBin = 1 << iota
	whereisMan
	whereisSrc
)

// whereisBinDirs are util-linux's binary directories (whereis -l, captured
// from the images), before those of $PATH.
var whereisBinDirs = []string{"/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu", "/usr/lib", "/usr/lib64", "/etc",
	"/usr/games", "/usr/local/bin", "/usr/local/sbin", "/usr/local/etc", "/usr/local/lib", "/usr/local/games",
	"/usr/include", "/usr/local", "/usr/libexec", "/usr/share"}

// whereisSrcDirs are its source directories.
var whereisSrcDirs = []string{"/usr/src/*", "/usr/local/src/*"}

type whereisDir struct {
	kind int
	path string
}

// whereisCmd is util-linux whereis: the programs, manual pages and sources
// of each name in the standard directories. A directory entry matches the
// name exactly; a manual page (compression suffix removed) or, before 2.38,
// any entry may add one dot and a suffix (ls.1.gz, and on Debian 11
// bash.bashrc). Entries come in the directories' order and each directory's.
func whereisCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		p.Errorf("not enough arguments")
		fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
		return 1
	}
	var custom []whereisDir
	replaced := 0
	want := 0
	unusual, listDirs := false, false
	var names []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			names = append(names, a)
			continue
		}
		switch a {
		case "-V", "--version":
			return progkit.UtilLinuxVersion(p)
		case "-h", "--help":
			p.NotEmulated("whereis --help")
			return 0
		case "-l":
			listDirs = true
			continue
		}
		for j := 1; j < len(a); j++ {
			switch c := a[j]; c {
			case 'b':
				want |= whereisBin
			case 'm':
				want |= whereisMan
			case 's':
				want |= whereisSrc
			case 'u':
				unusual = true
			case 'l':
				listDirs = true
			case 'B', 'M', 'S':
				kind := map[byte]int{'B': whereisBin, 'M': whereisMan, 'S': whereisSrc}[c]
				replaced |= kind
				// the directories follow, up to -f or the next option
				for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
					i++
					custom = append(custom, whereisDir{kind, args[i]})
				}
				j = len(a)
			case 'f':
			default:
				p.Errorf("bad usage")
				fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
				return 1
			}
		}
	}
	if want == 0 {
		want = whereisBin | whereisMan | whereisSrc
	}
	dirs := whereisDefaultDirs(p)
	dirs = append(dirs[:0:0], filterDirs(dirs, func(d whereisDir) bool { return d.kind&replaced == 0 })...)
	for _, d := range custom {
		dirs = append(dirs, whereisExpand(p, d)...)
	}
	if listDirs {
		for _, d := range dirs {
			p.Printf("%s: %s\n", map[int]string{whereisBin: "bin", whereisMan: "man", whereisSrc: "src"}[d.kind], d.path)
		}
		return 0
	}
	anyDot := !p.M.P.VersionAtLeast("util-linux", "2.38")
	for _, name := range names {
		base := path.Base(name)
		var found []string
		counts := map[int]int{}
		for _, d := range dirs {
			if d.kind&want == 0 {
				continue
			}
			entries, err := p.M.FS.ReadDir(p.Cred(), d.path)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if whereisMatch(base, e.Name, d.kind == whereisMan, d.kind == whereisMan || anyDot) {
					found = append(found, d.path+"/"+e.Name)
					counts[d.kind]++
				}
			}
		}
		if unusual {
			usual := true
			for _, k := range []int{whereisBin, whereisMan, whereisSrc} {
				if want&k != 0 && counts[k] != 1 {
					usual = false
				}
			}
			if usual {
				continue
			}
		}
		p.Printf("%s:", base)
		for _, f := range found {
			p.Printf(" %s", f)
		}
		p.Printf("\n")
	}
	return 0
}

func filterDirs(dirs []whereisDir, keep func(whereisDir) bool) []whereisDir {
	var out []whereisDir
	for _, d := range dirs {
		if keep(d) {
			out = append(out, d)
		}
	}
	return out
}

// whereisDefaultDirs are the directories whereis searches: its binary ones
// and then $PATH's, each once (a link to one already listed left out), the
// manual sections under /usr/share/man and the info directory, and the
// source trees; only those that are there.
func whereisDefaultDirs(p *shell.Proc) []whereisDir {
	var out []whereisDir
	seen := map[string]bool{}
	add := func(kind int, dir string) {
		real, err := p.M.FS.Realpath(p.Cred(), dir)
		if err != nil || seen[real] {
			return
		}
		if info, err := p.M.FS.Stat(p.Cred(), real); err != nil || !info.IsDir() {
			return
		}
		seen[real] = true
		out = append(out, whereisDir{kind, dir})
	}
	for _, d := range whereisBinDirs {
		add(whereisBin, d)
	}
	for _, d := range strings.Split(p.Getenv("PATH"), ":") {
		if path.IsAbs(d) {
			add(whereisBin, d)
		}
	}
	for _, d := range whereisExpand(p, whereisDir{whereisMan, "/usr/share/man/*"}) {
		add(d.kind, d.path)
	}
	add(whereisMan, "/usr/share/info")
	for _, s := range whereisSrcDirs {
		for _, d := range whereisExpand(p, whereisDir{whereisSrc, s}) {
			add(d.kind, d.path)
		}
	}
	return out
}

// whereisExpand turns a directory ending in /* into its subdirectories.
func whereisExpand(p *shell.Proc, d whereisDir) []whereisDir {
	parent, ok := strings.CutSuffix(d.path, "/*")
	if !ok {
		return []whereisDir{d}
	}
	entries, err := p.M.FS.ReadDir(p.Cred(), parent)
	if err != nil {
		return nil
	}
	var out []whereisDir
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, whereisDir{d.kind, parent + "/" + e.Name})
		}
	}
	return out
}

// whereisMatch is util-linux's filename_equal: entry is name, or (a manual
// page's compression suffix taken off, or any entry before 2.38) name, a dot
// and a suffix with no further dot (or ".C").
func whereisMatch(name, entry string, man, dotted bool) bool {
	if entry == name {
		return true
	}
	if !dotted {
		return false
	}
	for _, z := range []string{".Z", ".gz", ".xz", ".bz2", ".zst"} {
		if trimmed, ok := strings.CutSuffix(entry, z); man && ok && len(trimmed) > 0 {
			entry = trimmed
			break
		}
	}
	rest, ok := strings.CutPrefix(entry, name+".")
	if !ok {
		return entry == name
	}
	if i := strings.IndexByte(rest, '.'); i >= 0 {
		return rest[i:] == ".C"
	}
	return true
}
