package system

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "ps", Run: psCmd})
}

// psColumn is one output column of ps.
type psColumn struct {
	header string
	width  int
	left   bool
	value  func(pr machine.Proc) string
	sized  bool // its width was given (user:32), and its header may overflow it
	// unlimited is a column procps lets run to the end of the line when it
	// is the last (args, comm, cgroup), cut where the screen's width ends.
	unlimited bool
}

// psCtx is what the columns need to know: the host and the time now.
type psCtx struct {
	p   *shell.Proc
	now time.Time
}

// psComm is the process's command name, as the kernel keeps it (15 bytes).
func psComm(pr machine.Proc) string {
	first := ""
	if len(pr.Argv) > 0 {
		first, _, _ = strings.Cut(pr.Argv[0], " ")
	}
	name := strings.TrimSuffix(strings.TrimPrefix(path.Base(first), "-"), ":")
	if len(name) > 15 {
		name = name[:15]
	}
	return name
}

func psArgs(pr machine.Proc) string { return strings.Join(pr.Argv, " ") }

// stat is a plausible state: session leaders Ss, ps itself running.
func (c psCtx) stat(pr machine.Proc) string {
	switch {
	case pr.PID == c.p.PID:
		if pr.TTY != "?" {
			return "R+"
		}
		return "R"
	case pr.PPID <= 412 || strings.HasPrefix(psArgs(pr), "-"):
		return "Ss"
	case pr.TTY != "?":
		return "S+"
	}
	return "S"
}

// stime is STIME/START: the time today, else the month and day, else the year.
func (c psCtx) stime(pr machine.Proc) string {
	t := pr.Start.UTC()
	now := c.now.UTC()
	switch {
	case t.YearDay() == now.YearDay() && t.Year() == now.Year():
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("Jan02")
	}
	return t.Format("2006")
}

// psMem is a plausible memory size in KiB by program.
func psMem(pr machine.Proc) (vsz, rss int) {
	switch psComm(pr) {
	case "init", "systemd":
		return 167744, 11836
	case "sshd":
		return 15420, 9012
	case "cron":
		return 6692, 2716
	case "bash", "sh", "dash", "ksh":
		return 8104, 4980
	}
	return 5480, 1020
}

// columns are the -o keywords procps knows, by name.
func (c psCtx) columns() map[string]psColumn {
	pidw := 7
	if progkit.LegacyGNU(c.p) {
		pidw = 5
	}
	user := func(pr machine.Proc) string {
		if len(pr.User) > 8 {
			return strconv.Itoa(pr.UID)
		}
		return pr.User
	}
	num := func(f func(pr machine.Proc) int) func(machine.Proc) string {
		return func(pr machine.Proc) string { return strconv.Itoa(f(pr)) }
	}
	fixed := func(s string) func(machine.Proc) string { return func(machine.Proc) string { return s } }
	cols := map[string]psColumn{
		"pid":     {"PID", pidw, false, num(func(pr machine.Proc) int { return pr.PID }), false, false},
		"ppid":    {"PPID", pidw, false, num(func(pr machine.Proc) int { return pr.PPID }), false, false},
		"pgid":    {"PGID", pidw, false, num(func(pr machine.Proc) int { return pr.PID }), false, false},
		"sid":     {"SID", pidw, false, num(func(pr machine.Proc) int { return pr.PID }), false, false},
		"user":    {"USER", 8, true, user, false, false},
		"ruser":   {"RUSER", 8, true, user, false, false},
		"uid":     {"UID", 5, false, num(func(pr machine.Proc) int { return pr.UID }), false, false},
		"gid":     {"GID", 5, false, num(c.userGID), false, false},
		"group":   {"GROUP", 8, true, func(pr machine.Proc) string { return c.p.M.GroupName(c.userGID(pr)) }, false, false},
		"c":       {"C", 2, false, fixed("0"), false, false},
		"stime":   {"STIME", 5, false, c.stime, false, false},
		"lstart":  {"STARTED", 24, false, func(pr machine.Proc) string { return pr.Start.UTC().Format("Mon Jan _2 15:04:05 2006") }, false, false},
		"tty":     {"TT", 8, true, func(pr machine.Proc) string { return pr.TTY }, false, false},
		"time":    {"TIME", 8, false, fixed("00:00:00"), false, false},
		"bsdtime": {"TIME", 6, false, fixed("0:00"), false, false},
		"etime":   {"ELAPSED", 11, false, func(pr machine.Proc) string { return psElapsed(c.now.Sub(pr.Start)) }, false, false},
		"etimes":  {"ELAPSED", 7, false, num(func(pr machine.Proc) int { return int(c.now.Sub(pr.Start).Seconds()) }), false, false},
		"stat":    {"STAT", 4, true, c.stat, false, false},
		"s":       {"S", 1, true, func(pr machine.Proc) string { return c.stat(pr)[:1] }, false, false},
		"pcpu":    {"%CPU", 4, false, fixed("0.0"), false, false},
		"pmem":    {"%MEM", 4, false, fixed("0.1"), false, false},
		"vsz":     {"VSZ", 6, false, num(func(pr machine.Proc) int { v, _ := psMem(pr); return v }), false, false},
		"rss":     {"RSS", 5, false, num(func(pr machine.Proc) int { _, r := psMem(pr); return r }), false, false},
		"nice":    {"NI", 3, false, num(func(pr machine.Proc) int { return pr.Nice }), false, false},
		"pri":     {"PRI", 3, false, num(func(pr machine.Proc) int { return 19 - pr.Nice }), false, false},
		"comm":    {"COMMAND", 15, true, psComm, false, false},
		"args":    {"COMMAND", 27, true, psArgs, false, false},
		"cmd":     {"CMD", 27, true, psArgs, false, false},
		// The simulated host keeps no control groups for its processes:
		// ps's "-" for a process whose /proc/PID/cgroup it cannot read.
		"cgroup": {"CGROUP", 27, true, fixed("-"), false, false},
	}
	for _, name := range []string{"comm", "args", "cmd", "cgroup"} {
		col := cols[name]
		col.unlimited = true
		cols[name] = col
	}
	for alias, name := range map[string]string{"%cpu": "pcpu", "%mem": "pmem", "command": "args", "ucmd": "comm",
		"ucomm": "comm", "fname": "comm", "tname": "tty", "tt": "tty", "start_time": "stime", "ni": "nice",
		"uname": "user", "euser": "user", "euid": "uid", "session": "sid", "pgrp": "pgid", "state": "s",
		"cputime": "time", "rssize": "rss", "vsize": "vsz", "egid": "gid", "egroup": "group"} {
		cols[alias] = cols[name]
	}
	return cols
}

func (c psCtx) userGID(pr machine.Proc) int {
	if a := c.p.M.UserByUID(pr.UID); a != nil {
		return a.GID
	}
	return 0
}

// psElapsed is [[dd-]hh:]mm:ss.
func psElapsed(d time.Duration) string {
	s := int(d.Seconds())
	days, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
	switch {
	case days > 0:
		return fmt.Sprintf("%d-%02d:%02d:%02d", days, h, m, sec)
	case h > 0:
		return fmt.Sprintf("%02d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%02d:%02d", m, sec)
}

// psOptions are the selection and format ps was asked for.
type psOptions struct {
	all, bsdA, bsdX, bsdU, bsd, full, noHeaders bool
	wide                                        int // how many w (-w or BSD w)
	cols                                        int // --cols, --columns or --width; 0 when not given
	pids, users, names                          []string
	format                                      []psColumn
}

// psCmd is procps ps (UNIX, BSD and -o forms) or Solaris /usr/bin/ps.
func psCmd(p *shell.Proc) int {
	c := psCtx{p: p, now: time.Now()}
	o, msg := c.parse(p.Args())
	if msg != "" {
		if p.Solaris() {
			fmt.Fprintf(p.Stderr, "ps: %s\nusage: ps [ -aAdeflcjLPyZ ] [ -o format ] [ -t termlist ]\n"+
				"\t[ -u userlist ] [ -U userlist ] [ -G grouplist ]\n"+
				"\t[ -p proclist ] [ -g pgrplist ] [ -s sidlist ] [ -z zonelist ]\n", msg)
			return 1
		}
		fmt.Fprintf(p.Stderr, "error: %s\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n"+
			"  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n", msg)
		return 1
	}
	if len(o.format) == 0 {
		o.format = c.defaultFormat(o)
	}
	me, _ := p.M.Procs.Get(p.PID)
	var b strings.Builder
	cols := psOutbufSize
	if !p.Solaris() {
		cols = psActiveCols(o.format, c.screenCols(o))
	}
	if !o.noHeaders && !psHeadersEmpty(o.format) {
		b.WriteString(psLine(o.format, func(col psColumn) string { return col.header }, cols, true))
	}
	found := false
	for _, pr := range p.M.Procs.List() {
		if c.selected(pr, me, o) {
			found = true
			b.WriteString(psLine(o.format, func(col psColumn) string { return col.value(pr) }, cols, false))
		}
	}
	p.Printf("%s", b.String())
	if !found {
		return 1
	}
	return 0
}

// parse reads ps's mix of UNIX (-ef), BSD (aux) and GNU (--pid) options.
func (c psCtx) parse(args []string) (psOptions, string) {
	var o psOptions
	cols := c.columns()
	addFormat := func(spec string) string {
		for _, item := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ' ' }) {
			name, header, renamed := strings.Cut(item, "=")
			name, width, sized := strings.Cut(name, ":")
			col, ok := cols[strings.ToLower(name)]
			if !ok {
				if c.p.Solaris() {
					return "unknown output format: -o " + item
				}
				return "unknown user-defined format specifier \"" + name + "\""
			}
			if sized {
				w, err := strconv.Atoi(width)
				if err != nil || w < 0 || strings.TrimLeft(width, "0123456789") != "" {
					return "column widths must be unsigned decimal numbers"
				}
				// A given width cuts a longer value to it; a name shows
				// itself (not its number), its last kept byte a "+".
				value, plus := col.value, false
				switch strings.ToLower(name) {
				case "user", "ruser", "uname", "euser":
					value, plus = func(pr machine.Proc) string { return pr.User }, true
				case "group", "egroup":
					value, plus = func(pr machine.Proc) string { return c.p.M.GroupName(c.userGID(pr)) }, true
				}
				col.width, col.sized, col.value = w, true, func(pr machine.Proc) string {
					v := value(pr)
					switch {
					case len(v) <= w:
						return v
					case plus && w > 0:
						return v[:w-1] + "+"
					}
					return v[:w]
				}
			}
			if renamed {
				col.header = header
			}
			o.format = append(o.format, col)
		}
		return ""
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func(attached string) (string, bool) {
			if attached != "" {
				return attached, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		switch {
		case a == "--no-headers" || a == "--no-heading":
			o.noHeaders = true
		case strings.HasPrefix(a, "--") && !c.p.Solaris():
			name, attached, _ := strings.Cut(a[2:], "=")
			switch name {
			case "forest", "headers", "sort", "cols", "columns", "width":
				if name != "forest" && name != "headers" {
					val, _ := value(attached)
					if n, err := strconv.Atoi(val); err == nil && n > 0 && name != "sort" {
						o.cols = n
					}
				}
			case "pid", "user", "User", "format", "ppid":
				val, ok := value(attached)
				if !ok {
					return o, "list of process IDs must follow --" + name
				}
				switch name {
				case "pid":
					o.pids = append(o.pids, val)
				case "user", "User":
					o.users = append(o.users, val)
				case "format":
					if msg := addFormat(val); msg != "" {
						return o, msg
					}
				}
			default:
				return o, "unknown gnu long option"
			}
		case strings.HasPrefix(a, "-"):
			for j := 1; j < len(a); j++ {
				switch opt := a[j]; opt {
				case 'e', 'A':
					o.all = true
				case 'f', 'l', 'F':
					o.full = true
				case 'w':
					o.wide++
				case 'a', 'd', 'H', 'j', 'L', 'y', 'P', 'Z', 'M', 'c':
				case 'o', 'p', 'u', 'U', 'C', 'G', 'g', 't', 's':
					val, ok := value(a[j+1:])
					if !ok {
						if c.p.Solaris() {
							return o, "option requires an argument -- " + string(opt)
						}
						return o, "list of process IDs must follow -" + string(opt)
					}
					switch opt {
					case 'o':
						if msg := addFormat(val); msg != "" {
							return o, msg
						}
					case 'p':
						o.pids = append(o.pids, val)
					case 'u', 'U':
						o.users = append(o.users, val)
					case 'C':
						o.names = append(o.names, val)
					}
					j = len(a)
				default:
					if c.p.Solaris() {
						return o, "illegal option -- " + string(opt)
					}
					return o, "unsupported SysV option"
				}
			}
		case c.p.Solaris():
			return o, "illegal option -- " + a[:1]
		default:
			o.bsd = true
			for k, opt := range a {
				if opt == 'o' {
					// BSD o: the format list is the rest of the word, else
					// the next argument (check_procs' "axwwo 'stat uid ...'")
					spec, ok := value(a[k+1:])
					if !ok {
						return o, "format specification must follow o"
					}
					if msg := addFormat(spec); msg != "" {
						return o, msg
					}
					break
				}
				switch opt {
				case 'a':
					o.bsdA = true
				case 'x':
					o.bsdX = true
				case 'u':
					o.bsdU = true
				case 'h':
					o.noHeaders = true
				case 'w':
					o.wide++
				case 'f', 'e':
				default:
					return o, "unsupported option (BSD syntax)"
				}
			}
		}
	}
	if o.bsdU && len(o.format) > 0 {
		return o, "conflicting format options" // BSD u is a format of its own
	}
	return o, ""
}

// defaultFormat picks the columns of plain ps, -f, BSD u and other BSD forms.
func (c psCtx) defaultFormat(o psOptions) []psColumn {
	if c.p.Solaris() {
		return c.solarisFormat(o.full)
	}
	cols := c.columns()
	pick := func(names ...string) []psColumn {
		out := make([]psColumn, len(names))
		for i, n := range names {
			out[i] = cols[n]
		}
		return out
	}
	switch {
	case o.bsdU:
		out := pick("user", "pid", "pcpu", "pmem", "vsz", "rss", "tty", "stat", "stime", "bsdtime", "args")
		out[6].header, out[8].header = "TTY", "START"
		return out
	case o.bsd:
		out := pick("pid", "tty", "stat", "bsdtime", "args")
		out[1].header = "TTY"
		return out
	case o.full:
		out := pick("user", "pid", "ppid", "c", "stime", "tty", "time", "cmd")
		out[0].header, out[5].header = "UID", "TTY"
		return out
	}
	out := pick("pid", "tty", "time", "comm")
	out[1].header, out[3].header = "TTY", "CMD"
	return out
}

// solarisFormat is Solaris ps's default and -f layouts.
func (c psCtx) solarisFormat(full bool) []psColumn {
	tty := func(pr machine.Proc) string { return pr.TTY }
	tm := func(machine.Proc) string { return "0:00" }
	pid := func(pr machine.Proc) string { return strconv.Itoa(pr.PID) }
	if !full {
		return []psColumn{{"PID", 6, false, pid, false, false}, {"TTY", 8, true, tty, false, false}, {"TIME", 7, false, tm, false, false}, {"CMD", 0, true, psComm, false, false}}
	}
	return []psColumn{
		{"UID", 8, false, func(pr machine.Proc) string { return pr.User }, false, false},
		{"PID", 5, false, pid, false, false},
		{"PPID", 5, false, func(pr machine.Proc) string { return strconv.Itoa(pr.PPID) }, false, false},
		{"C", 3, false, func(machine.Proc) string { return "0" }, false, false},
		{"STIME", 8, false, func(pr machine.Proc) string {
			if t := pr.Start.UTC(); c.stime(pr) == t.Format("15:04") {
				return t.Format("15:04:05")
			}
			return pr.Start.UTC().Format("Jan _2")
		}, false, false},
		{"TTY", 8, true, tty, false, false},
		{"TIME", 7, false, tm, false, false},
		{"CMD", 0, true, psArgs, false, false},
	}
}

// selected applies ps's process selection: explicit lists, everything, BSD a
// and x, or by default the caller's processes on its terminal.
func (c psCtx) selected(pr, me machine.Proc, o psOptions) bool {
	split := func(list string) []string {
		return strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' })
	}
	if len(o.pids)+len(o.users)+len(o.names) > 0 {
		for _, list := range o.pids {
			for _, pid := range split(list) {
				if pid == strconv.Itoa(pr.PID) {
					return true
				}
			}
		}
		for _, list := range o.users {
			for _, u := range split(list) {
				if u == pr.User || u == strconv.Itoa(pr.UID) {
					return true
				}
			}
		}
		for _, list := range o.names {
			for _, n := range split(list) {
				if n == psComm(pr) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case o.all || o.bsdA && o.bsdX:
		return true
	case o.bsdA:
		return pr.TTY != "?"
	case o.bsdX:
		return pr.UID == c.p.User.UID
	}
	return pr.UID == c.p.User.UID && pr.TTY == me.TTY
}

func psHeadersEmpty(format []psColumn) bool {
	for _, col := range format {
		if col.header != "" {
			return false
		}
	}
	return true
}

// psOutbufSize is procps' output buffer, the most a line can hold: the
// width of a screen without limit.
const psOutbufSize = 2 * 64 * 1024

// screenCols is the width procps lays lines out for (set_screen_size and
// choose_dimensions): the terminal's when the session has one whose window
// has a size, else 80, and no limit when the output is not the terminal;
// $COLUMNS over both, --cols over that; one w makes it at least 132, two
// lift the limit. A screen under 9 columns or 2 rows gets procps' warning.
func (c psCtx) screenCols(o psOptions) int {
	p := c.p
	cols, rows := 80, 24
	if w, h, ok := p.Window(); ok && w > 0 && h > 0 {
		cols, rows = w, h
	}
	if !p.IsTerminal(p.Stdout) {
		cols = psOutbufSize
	}
	env := func(name string) (int, bool) {
		n, err := strconv.ParseInt(p.Getenv(name), 0, 64)
		return int(n), err == nil && n > 0 && n < psOutbufSize
	}
	if n, ok := env("COLUMNS"); ok {
		cols = n
	}
	if n, ok := env("LINES"); ok {
		rows = n
	}
	if cols < 9 || rows < 2 {
		fmt.Fprintf(p.Stderr, "your %dx%d screen size is bogus. expect trouble\n", cols, rows)
	}
	if o.cols > 0 {
		cols = o.cols
	}
	if o.wide > 0 && cols < 132 {
		cols = 132
	}
	if o.wide > 1 {
		cols = psOutbufSize
	}
	return cols
}

// psActiveCols is the width a row may take (check_header_width): the least
// multiple of the screen's width that holds every column's width and the
// blanks between them, a last unlimited column counting 3.
func psActiveCols(format []psColumn, screen int) int {
	total := 0
	for i, col := range format {
		width := col.width
		if !col.sized {
			width = max(col.width, len(col.header))
		}
		if col.unlimited && i == len(format)-1 {
			width = 3
		}
		total += width
		if i > 0 {
			total++
		}
	}
	active := screen
	for i := 2; active < total && active < psOutbufSize/2; i++ {
		active = screen * i
	}
	return active
}

// psLine lays out one row: columns padded to their widths and separated by a
// blank, a last left-aligned column not padded. A value wider than its
// column pushes the rest of the row right only as far as the padding of the
// columns after it cannot take up, as procps' output does (user:3 shows
// "USER    PID" over "ro+       1"). An unlimited column is cut at its width,
// or when last where the row reaches cols; a header never is.
func psLine(format []psColumn, text func(psColumn) string, cols int, header bool) string {
	var b strings.Builder
	at, want := 0, 0 // where the row is, and where it would be had nothing overflowed
	for i, col := range format {
		s := text(col)
		width := col.width
		if !col.sized {
			width = max(col.width, len(col.header))
		}
		if i > 0 {
			b.WriteByte(' ')
			at, want = at+1, want+1
		}
		want += width
		pad := max(0, want-at-len(s))
		switch {
		case col.left && i == len(format)-1:
			pad = 0
			if col.unlimited && !header && len(s) > cols-at {
				s = s[:max(cols-at, 0)]
			}
			b.WriteString(s)
		case col.left:
			if col.unlimited && !header && len(s) > width {
				s = s[:width] // procps gives a command column that is not last its width only
				pad = max(0, want-at-len(s))
			}
			b.WriteString(s + strings.Repeat(" ", pad))
		default:
			b.WriteString(strings.Repeat(" ", pad) + s)
		}
		at += pad + len(s)
	}
	return b.String() + "\n"
}
