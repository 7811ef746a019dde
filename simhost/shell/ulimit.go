package shell

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/interp"
)

// ulimitCmd is the internal name the call handler gives the ulimit builtin.
const ulimitCmd = "\x00ulimit"

// rlimit is one resource ulimit knows, as bash lists it.
type rlimit struct {
	opt        byte
	desc, unit string
	dashName   string // dash's ulimit -a label; "" when dash lacks it
}

// rlimits are bash's, in ulimit -a's order (bash 5.1 and 5.2 alike).
var rlimits = []rlimit{
	{'R', "real-time non-blocking time", "microseconds", ""},
	{'c', "core file size", "blocks", "coredump(blocks)"},
	{'d', "data seg size", "kbytes", "data(kbytes)"},
	{'e', "scheduling priority", "", ""},
	{'f', "file size", "blocks", "file(blocks)"},
	{'i', "pending signals", "", ""},
	{'l', "max locked memory", "kbytes", "locked memory(kbytes)"},
	{'m', "max memory size", "kbytes", "memory(kbytes)"},
	{'n', "open files", "", "nofiles"},
	{'p', "pipe size", "512 bytes", ""},
	{'q', "POSIX message queues", "bytes", ""},
	{'r', "real-time priority", "", "rtprio"},
	{'s', "stack size", "kbytes", "stack(kbytes)"},
	{'t', "cpu time", "seconds", "time(seconds)"},
	{'u', "max user processes", "", "process"},
	{'v', "virtual memory", "kbytes", "vmemory(kbytes)"},
	{'x', "file locks", "", "locks"},
}

// dashOrder is dash's ulimit -a order.
const dashOrder = "tfdscmlunvxr"

// limits are a shell process's resource limits, soft and hard, by option
// letter; -1 is unlimited. A background subshell may set them while its
// parent reads them.
type limits struct {
	mu         sync.Mutex
	soft, hard map[byte]int64
}

// startLimits are the limits a session starts with, from the host's
// description.
func (s *Session) startLimits() *limits {
	hw := s.m.Hardware()
	l := hw.Limits
	soft := map[byte]int64{
		'R': -1, 'c': 0, 'd': -1, 'e': 0, 'f': -1, 'i': int64(l.Processes), 'l': 8192, 'm': -1,
		'n': int64(l.OpenFiles), 'p': 8, 'q': 819200, 'r': 0, 's': int64(l.StackKiB), 't': -1,
		'u': int64(l.Processes), 'v': -1, 'x': -1,
	}
	hard := map[byte]int64{}
	for k, v := range soft {
		hard[k] = v
	}
	hard['n'], hard['c'], hard['s'] = int64(l.OpenFilesHard), -1, -1
	return &limits{soft: soft, hard: hard}
}

// processes is the soft limit of the user's processes (ulimit -u), 0 for
// none set (the host's then holds).
func (l *limits) processes() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(max(l.soft['u'], 0))
}

// clone is a copy for a child process, which inherits the limits.
func (l *limits) clone() *limits {
	l.mu.Lock()
	defer l.mu.Unlock()
	return &limits{soft: maps.Clone(l.soft), hard: maps.Clone(l.hard)}
}

// ulimitBuiltin is bash's and dash's ulimit: print one limit, several with
// their names, or all (-a); set one with a value.
func (sh *shellProc) ulimitBuiltin(hc interp.HandlerContext, args []string) int {
	errorf := func(format string, a ...any) {
		fmt.Fprintf(hc.Stderr, "%sulimit: %s\n", sh.hcPrefix(hc), fmt.Sprintf(format, a...))
	}
	dash := sh.flavour != "bash"
	hardOnly, softOnly, all := false, false, false
	var opts []byte
	var value string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || len(a) < 2 {
			value = a
			if i != len(args)-1 {
				errorf("too many arguments")
				return 2
			}
			break
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch {
			case c == 'H':
				hardOnly = true
			case c == 'S':
				softOnly = true
			case c == 'a':
				all = true
			case limitKnown(c, dash):
				opts = append(opts, c)
			default:
				if dash {
					errorf("Illegal option -%c", c)
				} else {
					errorf("-%c: invalid option", c)
					fmt.Fprintln(hc.Stderr, "ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]")
				}
				return 2
			}
		}
	}
	sh.limits.mu.Lock()
	defer sh.limits.mu.Unlock()
	table := sh.limits.soft
	if hardOnly && !softOnly {
		table = sh.limits.hard
	}
	if all {
		if dash {
			for _, c := range []byte(dashOrder) {
				r := limitOf(c)
				fmt.Fprintf(hc.Stdout, "%-20s %s\n", r.dashName, limitText(table[c]))
			}
			return 0
		}
		for _, r := range rlimits {
			fmt.Fprintf(hc.Stdout, "%s%s\n", bashLimitLabel(r), limitText(table[r.opt]))
		}
		return 0
	}
	if len(opts) == 0 {
		opts = []byte{'f'}
	}
	if value != "" {
		var n int64
		if value == "unlimited" {
			n = -1
		} else {
			v, err := strconv.ParseInt(value, 10, 64)
			if err != nil || v < 0 {
				if dash {
					errorf("Illegal number: %s", value)
					return 2
				}
				errorf("%s: invalid number", value)
				return 1
			}
			n = v
		}
		for _, c := range opts {
			hard := sh.limits.hard[c]
			if hard != -1 && (n == -1 || n > hard) {
				if dash {
					errorf("error setting limit (Operation not permitted)")
					return 2
				}
				errorf("%s: cannot modify limit: Operation not permitted", limitOf(c).desc)
				return 1
			}
			if !hardOnly || softOnly {
				sh.limits.soft[c] = n
			}
			if hardOnly {
				sh.limits.hard[c] = n
			}
		}
		return 0
	}
	for _, c := range opts {
		if len(opts) > 1 {
			fmt.Fprint(hc.Stdout, bashLimitLabel(limitOf(c)))
		}
		fmt.Fprintln(hc.Stdout, limitText(table[c]))
	}
	return 0
}

func limitKnown(c byte, dash bool) bool {
	r := limitOf(c)
	return r.opt != 0 && (!dash || r.dashName != "")
}

func limitOf(c byte) rlimit {
	for _, r := range rlimits {
		if r.opt == c {
			return r
		}
	}
	return rlimit{}
}

// bashLimitLabel is bash's "%-20s %20s": the description, then the unit and
// option right-aligned.
func bashLimitLabel(r rlimit) string {
	unit := fmt.Sprintf("(-%c) ", r.opt)
	if r.unit != "" {
		unit = fmt.Sprintf("(%s, -%c) ", r.unit, r.opt)
	}
	return fmt.Sprintf("%-20s %20s", r.desc, unit)
}

func limitText(n int64) string {
	if n < 0 {
		return "unlimited"
	}
	return strconv.FormatInt(n, 10)
}
