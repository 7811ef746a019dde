package system

import (
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "getconf", Run: getconfCmd})
}

// sysConfValues are getconf's system variables; path variables take a path.
func sysConfValues(p *shell.Proc) (vars, pathVars map[string]string) {
	cpus := strconv.Itoa(sysCPUs(p))
	if p.Solaris() {
		return map[string]string{
			"ARG_MAX": "1048320", "CHILD_MAX": "8149", "CLK_TCK": "100", "LONG_BIT": "32", "WORD_BIT": "32",
			"NGROUPS_MAX": "16", "OPEN_MAX": "256", "PAGESIZE": "8192", "PAGE_SIZE": "8192",
			"PATH": "/usr/xpg4/bin:/usr/ccs/bin:/usr/bin:/opt/SUNWspro/bin", "LINE_MAX": "2048",
			"_NPROCESSORS_CONF": cpus, "_NPROCESSORS_ONLN": cpus, "_POSIX_VERSION": "200112",
			"INT_MAX": "2147483647", "CHAR_BIT": "8", "LOGNAME_MAX": "8",
		}, map[string]string{"NAME_MAX": "255", "PATH_MAX": "1024", "PIPE_BUF": "5120", "LINK_MAX": "32767"}
	}
	libc := p.Libc().Version
	hw := p.M.Hardware()
	return map[string]string{
			"OPEN_MAX": strconv.Itoa(hw.Limits.OpenFiles), "CHILD_MAX": strconv.Itoa(hw.Limits.Processes),
			"_PHYS_PAGES":      strconv.FormatInt(hw.Memory>>12, 10),
			"GNU_LIBC_VERSION": "glibc " + libc, "GNU_LIBPTHREAD_VERSION": "NPTL " + libc,
			"ARG_MAX": "2097152", "CLK_TCK": "100", "LONG_BIT": "64", "WORD_BIT": "32",
			"NGROUPS_MAX": "65536", "PAGESIZE": "4096", "PAGE_SIZE": "4096",
			"PATH": "/bin:/usr/bin", "LINE_MAX": "2048", "HOST_NAME_MAX": "64", "LOGIN_NAME_MAX": "256",
			"_NPROCESSORS_CONF": cpus, "_NPROCESSORS_ONLN": cpus, "_POSIX_VERSION": "200809",
			"INT_MAX": "2147483647", "INT_MIN": "-2147483648", "UINT_MAX": "4294967295",
			"LONG_MAX": "9223372036854775807", "CHAR_BIT": "8", "SSIZE_MAX": "32767",
		}, map[string]string{"NAME_MAX": "255", "PATH_MAX": "4096", "PIPE_BUF": "4096", "LINK_MAX": "65000",
			"FILESIZEBITS": "64"}
}

// getconfCmd is glibc's (or Solaris's) getconf.
func getconfCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) > 1 && args[0] == "-v" {
		args = args[2:]
	}
	vars, pathVars := sysConfValues(p)
	if len(args) == 0 || len(args) > 2 {
		if p.Solaris() {
			fmt.Fprintln(p.Stderr, "usage:\tgetconf [-v specification] system_var\n\tgetconf [-v specification] path_var pathname\n\tgetconf -a")
			return 1
		}
		fmt.Fprintf(p.Stderr, "Usage: getconf [-v specification] variable_name [pathname]\n       getconf -a [pathname]\n")
		return 2
	}
	if args[0] == "-a" {
		if table, ok := getconfTable(p, vars); ok {
			p.Printf("%s", table)
			return 0
		}
		var names []string
		for k := range vars {
			names = append(names, k)
		}
		for k := range pathVars {
			names = append(names, k)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			v, ok := vars[n]
			if !ok {
				v = pathVars[n]
			}
			fmt.Fprintf(&b, "%-35s %s\n", n, v)
		}
		p.Printf("%s", b.String())
		return 0
	}
	name := args[0]
	if v, ok := vars[name]; ok && len(args) == 1 {
		p.Printf("%s\n", v)
		return 0
	}
	if _, isPath := pathVars[name]; !isPath && len(args) == 1 {
		v, ok := getconfOwn(p, vars)[name]
		if !ok {
			v, ok = getconfCaptured(p)[name]
		}
		if ok {
			p.Printf("%s\n", v)
			return 0
		}
	}
	if v, ok := pathVars[name]; ok && len(args) == 2 {
		if _, err := p.M.FS.Stat(p.Cred(), p.Abs(args[1])); err != nil {
			return p.Fail(1, "%s: %s", args[1], p.Strerror(err))
		}
		p.Printf("%s\n", v)
		return 0
	}
	if p.Solaris() {
		return p.Fail(1, "Invalid argument (%s)", name)
	}
	if progkit.LegacyGNU(p) {
		return p.Fail(1, "Unrecognized variable `%s'", name) // glibc 2.17
	}
	return p.Fail(2, "Unrecognized variable `%s'", name) // glibc 2.31 and 2.36, seen on Debian 11 and 12
}

// getconf -a of each glibc the Debian images ship, captured from them
// (`getconf -a`): every variable in glibc's order, the host's own values put
// in place of the capturing machine's.
//
//go:embed getconf/*.txt
var getconfTables embed.FS

// getconfCapturedText is the captured -a of the personality's glibc.
func getconfCapturedText(p *shell.Proc) (string, bool) {
	data, err := getconfTables.ReadFile("getconf/glibc-" + p.M.P.Libc.Version + ".txt")
	return string(data), err == nil
}

// getconfCaptured is the captured -a as a map from name to value.
func getconfCaptured(p *shell.Proc) map[string]string {
	text, _ := getconfCapturedText(p)
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if name, value, ok := strings.Cut(line, " "); ok {
			out[name] = strings.TrimLeft(value, " ")
		}
	}
	return out
}

// getconfOwn are the host's values of the captured table's variables that
// follow from others: the POSIX limits are the limits, and the available
// pages /proc/meminfo's free memory.
func getconfOwn(p *shell.Proc, vars map[string]string) map[string]string {
	own := map[string]string{"_POSIX_CHILD_MAX": vars["CHILD_MAX"], "_POSIX_OPEN_MAX": vars["OPEN_MAX"]}
	if mi, ok := readProc(p, "/proc/meminfo"); ok {
		own["_AVPHYS_PAGES"] = strconv.FormatInt(meminfo(mi)["MemFree"]/4, 10) // kB to 4 KiB pages
	}
	return own
}

// getconfTable is getconf -a: the captured table with the host's values of
// the variables it has (its limits, memory, processors and C library); the
// processor caches stay those of the machine the table was captured on.
func getconfTable(p *shell.Proc, vars map[string]string) (string, bool) {
	text, ok := getconfCapturedText(p)
	if !ok {
		return "", false
	}
	own := getconfOwn(p, vars)
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		name, _, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		v, mine := vars[name]
		if !mine {
			v, mine = own[name]
		}
		if !mine || name == "PATH" {
			b.WriteString(line)
			continue
		}
		fmt.Fprintf(&b, "%-35s%s\n", name, v)
	}
	return b.String(), true
}
