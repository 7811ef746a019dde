package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("date", func() {
	date := func(script string) Result { return Run(NewHost("debian12"), "ops", script) }
	It("prints now in the C locale's format, in UTC unless TZ says otherwise", func() {
		Expect(date(`date`).Stdout).To(MatchRegexp(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3][0-9] \d\d:\d\d:\d\d UTC \d{4}\n$`))
		Expect(date(`date -d @1795289400`).Stdout).To(Equal("Sat Nov 21 19:30:00 UTC 2026\n"))
		Expect(date(`TZ=EST5 date -d @0`).Stdout).To(Equal("Wed Dec 31 19:00:00 EST 1969\n"))
		Expect(date(`TZ=CET-1CEST date -u -d @0`).Stdout).To(Equal("Thu Jan  1 00:00:00 UTC 1970\n"))
	})
	It("formats with strftime conversions and GNU's flags", func() {
		Expect(date(`date -u -d '2026-11-21 19:30:05' '+%Y-%m-%d %H:%M:%S|%a %A %b %B|%e %-d %j %u %w|%s|%Z %z %:z|%I %p %r|%D %T %F|%N|%3N|%%'`).Stdout).
			To(Equal("2026-11-21 19:30:05|Sat Saturday Nov November|21 21 325 6 6|1795289405|UTC +0000 +00:00|07 PM 07:30:05 PM|11/21/26 19:30:05 2026-11-21|000000000|000|%\n"))
		Expect(date(`date -u -d 2026-01-05 '+%_m|%^a|%V|%U|%W|%C|%y|%G'`).Stdout).To(Equal(" 1|MON|02|01|01|20|26|2026\n"))
	})
	It("reads -d dates: epoch seconds, ISO forms, names and relative items", func() {
		Expect(date(`date -u -d 2026-11-21T19:30:00Z -Iseconds`).Stdout).To(Equal("2026-11-21T19:30:00+00:00\n"))
		Expect(date(`date -u -d '2026-11-21 +2 days' +%F`).Stdout).To(Equal("2026-11-23\n"))
		Expect(date(`date -u -d '2026-11-21 1 week ago' +%F`).Stdout).To(Equal("2026-11-14\n"))
		Expect(date(`date -u -d 'Nov 21 2026 10:00' '+%F %R'`).Stdout).To(Equal("2026-11-21 10:00\n"))
		Expect(date(`date -u -d '21 Nov 2026' +%F`).Stdout).To(Equal("2026-11-21\n"))
		Expect(date(`date -u -d '2026-11-21 12:00:00+02:00' +%H`).Stdout).To(Equal("10\n"))
	})
	It("prints RFC 5322 and ISO 8601 forms", func() {
		Expect(date(`date -u -R -d @0`).Stdout).To(Equal("Thu, 01 Jan 1970 00:00:00 +0000\n"))
		Expect(date(`date -u -I -d @0; date -u -Ihours -d @0; date -u --rfc-3339=seconds -d @0`).Stdout).
			To(Equal("1970-01-01\n1970-01-01T00+00:00\n1970-01-01 00:00:00+00:00\n"))
	})
	It("rejects a bad date and refuses to set the clock for a user", func() {
		r := date(`date -d 'next blursday'`)
		Expect(r.Stderr).To(Equal("date: invalid date 'next blursday'\n"))
		Expect(r.Code).To(Equal(1))
		r = date(`date 0101000026`)
		Expect(r.Stderr).To(Equal("date: cannot set date: Operation not permitted\n"))
		Expect(r.Code).To(Equal(1))
		Expect(date(`date -s '2026-01-01'`).Stderr).To(Equal("date: cannot set date: Operation not permitted\n"))
	})
	It("has no -d on Solaris", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", `date -d @0`)).To(Exited(2, "date: illegal option -- d\nusage:\tdate [-u] mmddHHMM[[cc]yy][.SS]\n\tdate [-u] [+format]\n\tdate -a [-]sss[.fff]\n"))
	})
})
