package system

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// What discovery scripts ask of a Linux host: who, pidof, free, nproc, uptime,
// locale. Memory and uptime come from the host's /proc files, as procps reads
// them; without them the tools fail as procps does. nproc asks the kernel.
func init() {
	shell.Register(shell.Command{Name: "who", Only: "gnu", Run: whoCmd})
	shell.Register(shell.Command{Name: "pidof", Only: "gnu", ShortName: true, Run: pidofCmd})
	shell.Register(shell.Command{Name: "free", Only: "gnu", ShortName: true, Run: freeCmd})
	shell.Register(shell.Command{Name: "nproc", Only: "gnu", Run: nprocCmd})
	shell.Register(shell.Command{Name: "uptime", Only: "gnu", ShortName: true, Run: uptimeCmd})
	shell.Register(shell.Command{Name: "locale", Only: "gnu", ShortName: true, Run: localeCmd})
}

// readProc reads a file of the host's /proc; ok is false without one.
func readProc(p *shell.Proc, name string) (string, bool) {
	data, err := p.M.FS.ReadFile(vfs.Root, name)
	if err != nil {
		return "", false
	}
	return string(data), true
}

// loginSession is a terminal login, as utmp lists it.
type loginSession struct {
	user, tty string
	since     time.Time
}

// loginSessions are the host's terminal logins, as sshd records them in utmp:
// one for each session it serves on a terminal, whose process sshd titles
// "sshd: USER@pts/N".
func loginSessions(p *shell.Proc) []loginSession {
	var out []loginSession
	for _, pr := range p.M.Procs.List() {
		if len(pr.Argv) != 1 || pr.Exe != "/usr/sbin/sshd" {
			continue
		}
		user, tty, ok := strings.Cut(strings.TrimPrefix(pr.Argv[0], "sshd: "), "@")
		if ok && strings.HasPrefix(tty, "pts/") {
			out = append(out, loginSession{user, tty, pr.Start})
		}
	}
	return out
}

// bootTime is when the host started: /proc/uptime's answer, else init's start.
func bootTime(p *shell.Proc) (time.Time, bool) {
	if text, ok := readProc(p, "/proc/uptime"); ok {
		var secs float64
		if _, err := fmt.Sscanf(text, "%g", &secs); err == nil {
			return time.Now().Add(-time.Duration(secs * float64(time.Second))), true
		}
		return time.Time{}, false
	}
	if init, ok := p.M.Procs.Get(1); ok {
		return init.Start, true
	}
	return time.Time{}, false
}

func whoCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "abdHlmpqrsTtu", Long: []string{"all=a", "boot=b", "dead=d", "heading=H", "login=l", "count=q", "runlevel=r",
		"short=s", "mesg=T", "time=t", "users=u"}, NotEmulated: []string{"d", "dead", "l", "login", "p", "t", "time"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("b") {
		if boot, ok := bootTime(p); ok {
			p.Printf("         system boot  %s\n", boot.Local().Format("2006-01-02 15:04"))
		}
		return 0
	}
	sessions := loginSessions(p)
	if c.Has("q") {
		var names []string
		for _, s := range sessions {
			names = append(names, s.user)
		}
		p.Printf("%s\n# users=%d\n", strings.Join(names, " "), len(names))
		return 0
	}
	if c.Has("H") {
		p.Printf("%-8s %-12s %-16s\n", "NAME", "LINE", "TIME")
	}
	for _, s := range sessions {
		p.Printf("%-8s %-12s %s\n", s.user, s.tty, s.since.Local().Format("2006-01-02 15:04"))
	}
	return 0
}

func pidofCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "sqxco:", Long: []string{}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	omit := map[int]bool{}
	for _, o := range c.All("o") {
		for _, f := range strings.Split(o, ",") {
			if f == "%PPID" {
				if me, ok := p.M.Procs.Get(p.PID); ok {
					omit[me.PPID] = true
				}
				continue
			}
			n, _ := strconv.Atoi(f)
			omit[n] = true
		}
	}
	var pids []int
	procs := p.M.Procs.List()
	for _, name := range c.Operands {
		for _, pr := range procs {
			if len(pr.Argv) == 0 || omit[pr.PID] || pr.PID == p.PID {
				continue
			}
			prog := strings.TrimPrefix(pr.Argv[0], "-")
			// procps matches the command name and the executable too, so a
			// daemon that retitled itself (sshd: ...) is still found.
			match := prog == name || path.Base(prog) == name || path.Base(prog) == path.Base(name) && strings.Contains(name, "/") && prog == name ||
				pr.Exe != "" && path.Base(pr.Exe) == name
			if !match && c.Has("x") && len(pr.Argv) > 1 && path.Base(pr.Argv[1]) == name {
				match = true
			}
			if match {
				pids = append(pids, pr.PID)
			}
		}
	}
	if len(pids) == 0 {
		return 1
	}
	sort.Sort(sort.Reverse(sort.IntSlice(pids)))
	if c.Has("s") {
		pids = pids[:1]
	}
	if c.Has("q") {
		return 0
	}
	var words []string
	for _, pid := range pids {
		words = append(words, strconv.Itoa(pid))
	}
	p.Printf("%s\n", strings.Join(words, " "))
	return 0
}

// meminfo reads /proc/meminfo into kB values.
func meminfo(text string) map[string]int64 {
	out := map[string]int64{}
	for _, line := range strings.Split(text, "\n") {
		name, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		out[name] = n
	}
	return out
}

func freeCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "bkmghltvwc:s:V", Long: []string{"bytes=b", "kibi=k", "mebi=m", "gibi=g", "tebi", "pebi", "kilo", "mega", "giga",
		"tera", "peta", "human=h", "si", "lohi=l", "total=t", "committed=v", "wide=w", "count:=c", "seconds:=s", "version=V", "help"},
		Usage: freeUsage, NoTry: true, NotEmulated: []string{"l", "lohi", "v", "committed", "c", "count", "s", "seconds"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return printProcpsVersion(p, "free")
	}
	text, ok := readProc(p, "/proc/meminfo")
	if !ok {
		return p.Fail(1, "Unable to create meminfo structure")
	}
	mi := meminfo(text)
	total, free, avail := mi["MemTotal"], mi["MemFree"], mi["MemAvailable"]
	buffers, cache := mi["Buffers"], mi["Cached"]+mi["SReclaimable"]
	used := total - avail
	if used < 0 {
		used = total - free
	}
	swapTotal, swapFree := mi["SwapTotal"], mi["SwapFree"]
	unit := "k"
	for _, o := range c.Opts {
		switch o.Key {
		case "b", "k", "m", "g", "h":
			unit = o.Key
		case "tebi", "pebi", "kilo", "mega", "giga", "tera", "peta":
			unit = o.Key
		}
	}
	si := c.Has("si")
	show := func(kb int64) string { return freeScale(kb, unit, si) }
	wide := c.Has("w")
	if wide {
		p.Printf("%-8s%12s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared", "buffers", "cache", "available")
		p.Printf("%-8s%12s%12s%12s%12s%12s%12s%12s\n", "Mem:", show(total), show(used), show(free), show(mi["Shmem"]), show(buffers), show(cache), show(avail))
	} else {
		p.Printf("%-8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared", "buff/cache", "available")
		p.Printf("%-8s%12s%12s%12s%12s%12s%12s\n", "Mem:", show(total), show(used), show(free), show(mi["Shmem"]), show(buffers+cache), show(avail))
	}
	p.Printf("%-8s%12s%12s%12s\n", "Swap:", show(swapTotal), show(swapTotal-swapFree), show(swapFree))
	if c.Has("t") {
		p.Printf("%-8s%12s%12s%12s\n", "Total:", show(total+swapTotal), show(used+swapTotal-swapFree), show(free+swapFree))
	}
	return 0
}

// freeScale prints kB in free's unit: bytes, kibi..., or human (-h) with one
// decimal under ten and a binary suffix (Ki, Mi, Gi) unless --si.
func freeScale(kb int64, unit string, si bool) string {
	bytes := float64(kb) * 1024
	base := 1024.0
	if si {
		base = 1000
	}
	pow := map[string]int{"b": 0, "k": 1, "m": 2, "g": 3, "tebi": 4, "pebi": 5, "kilo": 1, "mega": 2, "giga": 3, "tera": 4, "peta": 5}
	switch unit {
	case "h":
		suffixes := []string{"B", "Ki", "Mi", "Gi", "Ti", "Pi"}
		if si {
			suffixes = []string{"B", "K", "M", "G", "T", "P"}
		}
		v, i := bytes, 0
		for v >= base && i < len(suffixes)-1 {
			v /= base
			i++
		}
		// procps: one decimal (rounded) under ten, else the whole part.
		if i > 0 && v < 10 {
			return fmt.Sprintf("%.1f%s", v, suffixes[i])
		}
		return fmt.Sprintf("%d%s", int64(v), suffixes[i])
	case "kilo", "mega", "giga", "tera", "peta":
		base = 1000
	}
	return strconv.FormatInt(int64(bytes/math.Pow(base, float64(pow[unit]))), 10)
}

const freeUsage = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`

func nprocCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "", Long: []string{"all", "ignore:"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if len(c.Operands) > 0 {
		p.Errorf("extra operand %s", progkit.QuoteC(c.Operands[0]))
		return g.Fail(p, "")
	}
	// nproc asks the kernel (sched_getaffinity, sysconf for --all), not
	// /proc: the machine's processors, with no affinity narrowing them.
	n := p.M.Hardware().CPUs
	if v, ok := c.Value("ignore"); ok && !c.Has("all") {
		k, err := strconv.Atoi(v)
		if err != nil || k < 0 {
			return p.Fail(1, "invalid number: %s", progkit.QuoteC(v))
		}
		n = max(n-k, 1)
	}
	p.Printf("%d\n", n)
	return 0
}

func uptimeCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "psV", Long: []string{"pretty=p", "since=s", "version=V", "help"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return printProcpsVersion(p, "uptime")
	}
	boot, ok := bootTime(p)
	if !ok {
		return p.Fail(1, "Cannot get system uptime")
	}
	now := time.Now()
	up := now.Sub(boot)
	if c.Has("s") {
		p.Printf("%s\n", boot.Local().Format("2006-01-02 15:04:05"))
		return 0
	}
	mins := int(up.Minutes())
	days, hours, minutes := mins/1440, mins/60%24, mins%60
	if c.Has("p") {
		var parts []string
		plural := func(n int, unit string) {
			if n == 1 {
				parts = append(parts, fmt.Sprintf("%d %s", n, unit))
			} else if n > 1 {
				parts = append(parts, fmt.Sprintf("%d %ss", n, unit))
			}
		}
		plural(days/7, "week")
		plural(days%7, "day")
		plural(hours, "hour")
		plural(minutes, "minute")
		if len(parts) == 0 {
			parts = []string{"0 minutes"}
		}
		p.Printf("up %s\n", strings.Join(parts, ", "))
		return 0
	}
	p.Printf(" %s\n", uptimeLine(p, now, up))
	return 0
}

// uptimeLine is uptime's line after the leading blank, which top's first
// line shares: the time, how long up, the users logged in and the load.
// procps-ng 4 says "user" for none (4.0.2's plural counts more than one);
// 3.3 says "users" for all but one.
func uptimeLine(p *shell.Proc, now time.Time, up time.Duration) string {
	mins := int(up.Minutes())
	days, hours, minutes := mins/1440, mins/60%24, mins%60
	var b strings.Builder
	fmt.Fprintf(&b, "%s up ", now.Local().Format("15:04:05"))
	if days > 0 {
		if days == 1 {
			b.WriteString("1 day, ")
		} else {
			fmt.Fprintf(&b, "%d days, ", days)
		}
	}
	if hours > 0 {
		fmt.Fprintf(&b, "%2d:%02d, ", hours, minutes)
	} else {
		fmt.Fprintf(&b, "%d min, ", minutes)
	}
	users := len(loginSessions(p))
	word := "users"
	if users == 1 || users == 0 && procpsNG4(p) {
		word = "user"
	}
	fmt.Fprintf(&b, " %d %s,  load average: %s", users, word, loadAverage(p))
	return b.String()
}

// loadAverage is /proc/loadavg's three figures, or an idle host's.
func loadAverage(p *shell.Proc) string {
	if text, ok := readProc(p, "/proc/loadavg"); ok {
		if f := strings.Fields(text); len(f) >= 3 {
			return f[0] + ", " + f[1] + ", " + f[2]
		}
	}
	return "0.00, 0.00, 0.00"
}

var localeCategories = []string{"LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES",
	"LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION"}

// localesAvailable are what `locale -a` lists: C and POSIX, glibc's built-in
// C.utf8 from 2.35, and the host's compiled locales in /usr/lib/locale.
func localesAvailable(p *shell.Proc) []string {
	names := map[string]bool{"C": true, "POSIX": true}
	if v := p.Libc().Version; p.Libc().Family == "glibc" && bashAtLeastVersion(v, 2, 35) {
		names["C.utf8"] = true
	}
	if entries, err := p.M.FS.ReadDir(vfs.Root, "/usr/lib/locale"); err == nil {
		for _, e := range entries {
			if e.Mode&fs.ModeDir != 0 {
				names[e.Name] = true
			}
		}
	}
	var out []string
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// bashAtLeastVersion compares a "major.minor" version.
func bashAtLeastVersion(v string, major, minor int) bool {
	var a, b int
	fmt.Sscanf(v, "%d.%d", &a, &b)
	return a > major || a == major && b >= minor
}

// localeNormal is glibc's normalised codeset: "en_US.UTF-8" is "en_US.utf8".
func localeNormal(name string) string {
	base, codeset, ok := strings.Cut(name, ".")
	if !ok {
		return name
	}
	codeset = strings.ToLower(strings.ReplaceAll(codeset, "-", ""))
	return base + "." + codeset
}

func localeCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "amckv", Long: []string{"all-locales=a", "charmaps=m", "category-name=c", "keyword-name=k", "verbose=v", "help", "version=V"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	available := localesAvailable(p)
	valid := func(name string) bool {
		if name == "" {
			return true
		}
		for _, a := range available {
			if a == name || localeNormal(a) == localeNormal(name) {
				return true
			}
		}
		return false
	}
	if c.Has("a") {
		for _, a := range available {
			p.Printf("%s\n", a)
		}
		return 0
	}
	lang, all := p.Getenv("LANG"), p.Getenv("LC_ALL")
	effective := func(cat string) string {
		switch {
		case all != "":
			return all
		case p.Getenv(cat) != "":
			return p.Getenv(cat)
		}
		return lang
	}
	// setlocale(LC_ALL, "") fails when a category names a locale the host
	// lacks: glibc's locale says which, for CTYPE, MESSAGES and ALL.
	bad := false
	for _, cat := range localeCategories {
		if !valid(effective(cat)) {
			bad = true
		}
	}
	if bad {
		for _, cat := range []string{"LC_CTYPE", "LC_MESSAGES"} {
			if !valid(effective(cat)) {
				p.Errorf("Cannot set %s to default locale: No such file or directory", cat)
			}
		}
		p.Errorf("Cannot set LC_ALL to default locale: No such file or directory")
	}
	if len(c.Operands) > 0 {
		for _, op := range c.Operands {
			if op != "charmap" {
				p.NotEmulated("locale keyword " + op)
				continue
			}
			ctype := effective("LC_CTYPE")
			if valid(ctype) && strings.Contains(strings.ToLower(ctype), "utf") {
				p.Printf("UTF-8\n")
			} else {
				p.Printf("ANSI_X3.4-1968\n")
			}
		}
		return 0
	}
	p.Printf("LANG=%s\n", lang)
	p.Printf("LANGUAGE=%s\n", p.Getenv("LANGUAGE"))
	for _, cat := range localeCategories {
		if v := p.Getenv(cat); v != "" && all == "" {
			p.Printf("%s=%s\n", cat, v)
			continue
		}
		v := effective(cat)
		if v == "" {
			v = "POSIX"
		}
		p.Printf("%s=\"%s\"\n", cat, v)
	}
	p.Printf("LC_ALL=%s\n", all)
	return 0
}
