package system

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "date", Run: dateCmd})
}

// dateCmd is GNU date (Solaris date knows only -u, -a and +FORMAT).
func dateCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "d:f:I::r:Rs:u", Long: []string{"date=d", "file=f", "iso-8601::", "reference=r",
		"rfc-email=R", "rfc-2822=R", "rfc-822=R", "rfc-3339:", "set=s", "utc=u", "universal=u", "debug"}}
	if p.Solaris() {
		spec = progkit.Spec{Short: "ua:", Usage: "usage:\tdate [-u] mmddHHMM[[cc]yy][.SS]\n\tdate [-u] [+format]\n\tdate -a [-]sss[.fff]"}
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	loc := progkit.Zone(p.Getenv("TZ"))
	now := time.Now()
	format := "%a %b %e %H:%M:%S %Z %Y"
	var dateStr, setStr string
	haveDate, haveFormat := false, false
	for _, o := range opts {
		switch o.Key {
		case "u":
			loc = time.UTC
		case "d":
			dateStr, haveDate = o.Val, true
		case "r":
			info, err := p.M.FS.Stat(p.Cred(), p.Abs(o.Val))
			if err != nil {
				return p.Fail(1, "%s: %s", o.Val, p.Strerror(err))
			}
			now = info.ModTime
		case "R":
			format, haveFormat = "%a, %d %b %Y %H:%M:%S %z", true
		case "I":
			f, ok := map[string]string{"": "%Y-%m-%d", "date": "%Y-%m-%d", "hours": "%Y-%m-%dT%H%:z",
				"minutes": "%Y-%m-%dT%H:%M%:z", "seconds": "%Y-%m-%dT%H:%M:%S%:z", "ns": "%Y-%m-%dT%H:%M:%S,%N%:z"}[o.Val]
			if !ok {
				return progkit.SpecUsageError(p, spec, fmt.Sprintf("invalid argument %s for '--iso-8601'", progkit.QuoteC(o.Val)))
			}
			format, haveFormat = f, true
		case "rfc-3339":
			f, ok := map[string]string{"date": "%Y-%m-%d", "seconds": "%Y-%m-%d %H:%M:%S%:z",
				"ns": "%Y-%m-%d %H:%M:%S.%N%:z"}[o.Val]
			if !ok {
				return progkit.SpecUsageError(p, spec, fmt.Sprintf("invalid argument %s for '--rfc-3339'", progkit.QuoteC(o.Val)))
			}
			format, haveFormat = f, true
		case "s", "a":
			setStr = o.Val
		}
	}
	for _, op := range operands {
		switch {
		case strings.HasPrefix(op, "+") && !haveFormat:
			format, haveFormat = op[1:], true
		case strings.HasPrefix(op, "+"):
			return p.Fail(1, "multiple output formats specified")
		case setStr == "" && len(operands) == 1 && !haveDate:
			setStr = op
		default:
			return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(op))
		}
	}
	if setStr != "" {
		if _, ok := sysParseDate(setStr, now, loc); !ok && !sysSetForm(setStr) {
			return p.Fail(1, "invalid date %s", progkit.QuoteC(setStr))
		}
		if p.User.UID != 0 {
			if p.Solaris() {
				return p.Fail(1, "Not owner")
			}
			return p.Fail(1, "cannot set date: Operation not permitted")
		}
		return 0 // the lab's clock is the real one: root's change is accepted and ignored
	}
	t := now.In(loc)
	if haveDate {
		var ok bool
		if t, ok = sysParseDate(dateStr, now, loc); !ok {
			return p.Fail(1, "invalid date %s", progkit.QuoteC(dateStr))
		}
	}
	p.Printf("%s\n", progkit.Strftime(format, t))
	return 0
}

// sysSetForm reports whether s is date's MMDDhhmm[[CC]YY][.ss] operand.
func sysSetForm(s string) bool {
	main, secs, dot := strings.Cut(s, ".")
	if dot && (len(secs) != 2 || strings.Trim(secs, "0123456789") != "") {
		return false
	}
	return (len(main) == 8 || len(main) == 10 || len(main) == 12) && strings.Trim(main, "0123456789") == ""
}

// sysParseDate understands the -d forms people use: @SECONDS, ISO dates and
// times, "Nov 21 2026", now/today/yesterday/tomorrow, and relative items
// such as "2 days ago", "+1 hour", "next week".
func sysParseDate(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "@") {
		f, err := strconv.ParseFloat(s[1:], 64)
		if err != nil {
			return time.Time{}, false
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).In(loc), true
	}
	t := now.In(loc)
	y, mo, d := t.Date()
	h, mi, sec, nsec := t.Hour(), t.Minute(), t.Second(), t.Nanosecond()
	zone := loc
	dateSet, timeSet := false, false
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(s, ",", " ")))
	var rel struct{ years, months, days, secs int }
	for i := 0; i < len(words); i++ {
		w := words[i]
		// ISO 8601 with a T between date and time
		if dp, tp, ok := strings.Cut(w, "t"); ok && len(dp) == 10 && strings.Count(dp, "-") == 2 {
			words = append(words[:i+1], append([]string{tp}, words[i+1:]...)...)
			w = dp
		}
		switch {
		case w == "now":
		case w == "today":
		case w == "yesterday":
			rel.days--
		case w == "tomorrow":
			rel.days++
		case w == "utc" || w == "gmt" || w == "z":
			zone = time.UTC
		case strings.Count(w, "-") == 2 && len(w) >= 8 && w[0] != '-' && w[0] != '+':
			parts := strings.Split(w, "-")
			yy, e1 := strconv.Atoi(parts[0])
			mm, e2 := strconv.Atoi(parts[1])
			dd, e3 := strconv.Atoi(parts[2])
			if e1 != nil || e2 != nil || e3 != nil || mm < 1 || mm > 12 || dd < 1 || dd > 31 {
				return time.Time{}, false
			}
			y, mo, d, dateSet = yy, time.Month(mm), dd, true
		case strings.Count(w, "/") == 2:
			parts := strings.Split(w, "/")
			mm, e1 := strconv.Atoi(parts[0])
			dd, e2 := strconv.Atoi(parts[1])
			yy, e3 := strconv.Atoi(parts[2])
			if e1 != nil || e2 != nil || e3 != nil || mm < 1 || mm > 12 {
				return time.Time{}, false
			}
			y, mo, d, dateSet = yy, time.Month(mm), dd, true
		case strings.Contains(w, ":") && w[0] >= '0' && w[0] <= '9':
			clock, tz := w, ""
			if k := strings.IndexAny(w, "z+-"); k > 0 {
				clock, tz = w[:k], w[k:]
			}
			parts := strings.Split(clock, ":")
			if len(parts) > 3 {
				return time.Time{}, false
			}
			vals := [3]int{}
			frac := 0
			for k, part := range parts {
				if k == 2 {
					whole, fr, _ := strings.Cut(part, ".")
					part = whole
					if fr != "" {
						fr = (fr + "000000000")[:9]
						frac, _ = strconv.Atoi(fr)
					}
				}
				n, err := strconv.Atoi(part)
				if err != nil {
					return time.Time{}, false
				}
				vals[k] = n
			}
			if vals[0] > 23 || vals[1] > 59 || vals[2] > 60 {
				return time.Time{}, false
			}
			h, mi, sec, nsec, timeSet = vals[0], vals[1], vals[2], frac, true
			if tz != "" {
				if zone = sysNumericZone(tz); zone == nil {
					return time.Time{}, false
				}
			}
		case sysMonth(w) > 0:
			mo, dateSet = time.Month(sysMonth(w)), true
			if i+1 < len(words) {
				if n, err := strconv.Atoi(words[i+1]); err == nil && n >= 1 && n <= 31 {
					d = n
					i++
					if i+1 < len(words) {
						if n, err := strconv.Atoi(words[i+1]); err == nil && n > 31 {
							y = n
							i++
						}
					}
				}
			}
		case sysWeekday(w) >= 0:
			// a bare weekday: its next occurrence from today, today included
			wd := sysWeekday(w)
			rel.days += (wd - int(t.Weekday()) + 7) % 7
		default:
			n, unitAt := 1, i
			if v, err := strconv.Atoi(w); err == nil && i+1 < len(words) && sysMonth(words[i+1]) > 0 {
				// "21 nov [2026]"
				d, mo, dateSet = v, time.Month(sysMonth(words[i+1])), true
				i++
				if i+1 < len(words) {
					if n, err := strconv.Atoi(words[i+1]); err == nil && n > 31 {
						y = n
						i++
					}
				}
				continue
			}
			if v, err := strconv.Atoi(w); err == nil {
				n, unitAt = v, i+1
			} else if w == "next" || w == "last" {
				if w == "last" {
					n = -1
				}
				unitAt = i + 1
			}
			if unitAt >= len(words) {
				return time.Time{}, false
			}
			unit := strings.TrimSuffix(words[unitAt], "s")
			if unitAt+1 < len(words) && words[unitAt+1] == "ago" {
				n = -n
				unitAt++
			}
			switch unit {
			case "year":
				rel.years += n
			case "month":
				rel.months += n
			case "fortnight":
				rel.days += 14 * n
			case "week":
				rel.days += 7 * n
			case "day":
				rel.days += n
			case "hour":
				rel.secs += 3600 * n
			case "minute", "min":
				rel.secs += 60 * n
			case "second", "sec":
				rel.secs += n
			default:
				return time.Time{}, false
			}
			i = unitAt
		}
	}
	if dateSet && !timeSet {
		h, mi, sec, nsec = 0, 0, 0, 0
	}
	if len(words) == 0 {
		h, mi, sec, nsec = 0, 0, 0, 0 // -d "" is the start of today
	}
	out := time.Date(y, mo, d, h, mi, sec, nsec, zone)
	out = out.AddDate(rel.years, rel.months, rel.days).Add(time.Duration(rel.secs) * time.Second)
	return out.In(loc), true
}

// sysNumericZone reads "z", "+02", "+0200" or "-05:30" after a time.
func sysNumericZone(tz string) *time.Location {
	if tz == "z" {
		return time.UTC
	}
	sign := 1
	if tz[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(tz[1:], ":", "")
	if len(digits) != 2 && len(digits) != 4 {
		return nil
	}
	hh, err1 := strconv.Atoi(digits[:2])
	mm, err2 := strconv.Atoi(digits[2:] + "00"[:4-len(digits)])
	if err1 != nil || err2 != nil {
		return nil
	}
	return time.FixedZone("", sign*(hh*3600+mm*60))
}

func sysMonth(w string) int {
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(w, m) && len(w) >= 3 {
			return i + 1
		}
	}
	return 0
}

func sysWeekday(w string) int {
	for i, d := range []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} {
		if strings.HasPrefix(w, d) && len(w) >= 3 {
			return i
		}
	}
	return -1
}
