package files

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "touch", Run: touch})
}

var touchSyntax = fsSyntax{
	opts: []fsOpt{{'a', "", fsNoArg}, {'m', "", fsNoArg}, {'c', "no-create", fsNoArg}, {'f', "", fsNoArg},
		{'d', "date", fsArg}, {'t', "", fsArg}, {'r', "reference", fsArg}, {'h', "no-dereference", fsNoArg},
		{0, "time", fsArg}},
	solOpts: "acmfrt",
	solUsage: "usage: touch [-acm] [-r ref_file] file...\n" +
		"       touch [-acm] [MMDDhhmm[yy]] file...\n" +
		"       touch [-acm] [-t [[CC]YY]MMDDhhmm[.SS]] file...\n",
}

// touch creates files and sets their times.
func touch(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), touchSyntax)
	if !ok {
		return code
	}
	when := time.Now()
	for _, f := range parsed.flags {
		var err error
		switch f.key {
		case "d":
			when, err = fsParseDate(f.val, time.Now())
		case "t":
			when, err = fsParseStamp(f.val, time.Now())
		case "r":
			info, serr := p.M.FS.Stat(p.Cred(), p.Abs(f.val))
			if serr != nil {
				if p.Solaris() {
					return p.Fail(2, "%s: %s", f.val, p.Strerror(serr))
				}
				return p.Fail(1, "failed to get attributes of %s: %s", progkit.QuoteName(p, f.val), p.Strerror(serr))
			}
			when = info.ModTime
		}
		if err != nil {
			if p.Solaris() {
				return p.Fail(1, "bad time specification")
			}
			return p.Fail(1, "invalid date format %s", progkit.QuoteName(p, f.val))
		}
	}
	ops := parsed.operands
	if len(ops) == 0 {
		if p.Solaris() {
			return fsSolarisUsage(p, touchSyntax)
		}
		return fsMissingOperand(p, "missing file operand")
	}
	// Solaris still takes the old MMDDhhmm[yy] time operand.
	if p.Solaris() && len(ops) > 1 && !parsed.has("t") && !parsed.has("r") &&
		(len(ops[0]) == 8 || len(ops[0]) == 10) && strings.Trim(ops[0], "0123456789") == "" {
		stamp := ops[0]
		if len(stamp) == 10 {
			stamp = stamp[8:] + stamp[:8]
		}
		t, err := fsParseStamp(stamp, time.Now())
		if err != nil {
			return p.Fail(1, "bad time specification")
		}
		when, ops = t, ops[1:]
	}
	atime, mtime := when, when
	if parsed.has("a") && !parsed.has("m") {
		mtime = time.Time{}
	}
	if parsed.has("m") && !parsed.has("a") {
		atime = time.Time{}
	}
	failures := 0
	for _, name := range ops {
		if !touchOne(p, name, atime, mtime, parsed.has("c"), parsed.has("h")) {
			failures++
		}
	}
	switch {
	case p.Solaris():
		return failures
	case failures > 0:
		return 1
	}
	return 0
}

// touchOne sets name's times, creating it unless noCreate; noDeref (-h) sets
// a symlink's own times and, as coreutils, never creates a file.
func touchOne(p *shell.Proc, name string, atime, mtime time.Time, noCreate, noDeref bool) bool {
	abs := p.Abs(name)
	stat, chtimes := p.M.FS.Stat, p.M.FS.Chtimes
	if noDeref {
		stat, chtimes = p.M.FS.Lstat, p.M.FS.Lchtimes
	}
	var openErr error
	if _, err := stat(p.Cred(), abs); errors.Is(err, syscall.ENOENT) {
		if noCreate {
			return true
		}
		if noDeref {
			p.Errorf("setting times of %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
			return false
		}
		f, err := fsCreate(p, name, syscall.O_WRONLY|syscall.O_CREAT, 0o666)
		if err != nil && p.Solaris() {
			p.Errorf("cannot create %s: %s", name, p.Strerror(err))
			return false
		}
		if err != nil {
			openErr = err
		} else {
			f.Close()
		}
	}
	err := chtimes(p.Cred(), abs, atime, mtime)
	switch {
	case err == nil:
		return true
	case p.Solaris():
		p.Errorf("cannot change times on %s: %s", name, p.Strerror(err))
		return false
	case openErr == nil && p.M.FS.Access(p.Cred(), abs, vfs.AccessWrite) != nil:
		// coreutils opens the file for writing first and reports that.
		openErr = syscall.EACCES
	}
	if openErr != nil {
		p.Errorf("cannot touch %s: %s", progkit.QuoteName(p, name), p.Strerror(openErr))
	} else {
		p.Errorf("setting times of %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
	}
	return false
}

var (
	fsRelativeDate = regexp.MustCompile(`^([+-]?\d+)?\s*(sec|second|min|minute|hour|day|week|fortnight|month|year)s?(\s+ago)?$`)
	fsDateLayouts  = []string{
		time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999999 -0700", "2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "20060102",
		time.RFC1123Z, time.RFC1123, time.UnixDate, time.ANSIC, "Jan 2 2006", "Jan 2 2006 15:04:05",
		"2 Jan 2006", "2 Jan 2006 15:04:05", "01/02/2006", "15:04:05", "15:04",
	}
)

// fsParseDate understands the forms of GNU's date strings that scripts use:
// ISO dates and times, "@epoch", "now", "yesterday", "2 days ago", RFC 2822.
func fsParseDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	now = now.UTC()
	lower := strings.ToLower(s)
	switch lower {
	case "now", "today", "":
		return now, nil
	case "yesterday":
		return now.AddDate(0, 0, -1), nil
	case "tomorrow":
		return now.AddDate(0, 0, 1), nil
	}
	if rest, ok := strings.CutPrefix(s, "@"); ok {
		secs, err := strconv.ParseFloat(rest, 64)
		if err != nil {
			return time.Time{}, err
		}
		return time.Unix(0, int64(secs*1e9)).UTC(), nil
	}
	if m := fsRelativeDate.FindStringSubmatch(lower); m != nil {
		n := 1
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		}
		if m[3] != "" {
			n = -n
		}
		switch m[2] {
		case "sec", "second":
			return now.Add(time.Duration(n) * time.Second), nil
		case "min", "minute":
			return now.Add(time.Duration(n) * time.Minute), nil
		case "hour":
			return now.Add(time.Duration(n) * time.Hour), nil
		case "day":
			return now.AddDate(0, 0, n), nil
		case "week":
			return now.AddDate(0, 0, 7*n), nil
		case "fortnight":
			return now.AddDate(0, 0, 14*n), nil
		case "month":
			return now.AddDate(0, n, 0), nil
		}
		return now.AddDate(n, 0, 0), nil
	}
	trimmed := strings.TrimSuffix(strings.TrimSuffix(s, " UTC"), " GMT")
	for _, layout := range fsDateLayouts {
		t, err := time.Parse(layout, trimmed)
		if err != nil {
			continue
		}
		if layout == "15:04:05" || layout == "15:04" {
			t = time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("invalid date %q", s)
}

// fsParseStamp parses touch -t's [[CC]YY]MMDDhhmm[.ss].
func fsParseStamp(s string, now time.Time) (time.Time, error) {
	bad := fmt.Errorf("invalid time stamp %q", s)
	digits, secs, hasSecs := strings.Cut(s, ".")
	if strings.Trim(digits, "0123456789") != "" || hasSecs && (len(secs) != 2 || strings.Trim(secs, "0123456789") != "") {
		return time.Time{}, bad
	}
	year := now.UTC().Year()
	switch len(digits) {
	case 12:
		year, _ = strconv.Atoi(digits[:4])
		digits = digits[4:]
	case 10:
		year, _ = strconv.Atoi(digits[:2])
		if year < 69 {
			year += 2000
		} else {
			year += 1900
		}
		digits = digits[2:]
	case 8:
	default:
		return time.Time{}, bad
	}
	num := func(i int) int { n, _ := strconv.Atoi(digits[i : i+2]); return n }
	sec := 0
	if hasSecs {
		sec, _ = strconv.Atoi(secs)
	}
	month, day, hour, minute := num(0), num(2), num(4), num(6)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, bad
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), nil
}
