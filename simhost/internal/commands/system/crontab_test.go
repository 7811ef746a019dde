package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// crontab as agent installers use it, captured as ops from bookworm's cron
// 3.0pl1-162 and bullseye's -137 (stdout and stderr merged; bullseye's column
// is empty where it says the same).
var _ = Describe("crontab", func() {
	DescribeTable("lists, installs after checking every line, and removes a user's table",
		func(script, bookworm, bullseye string) {
			Expect(RunMerged(NewHost("debian12"), "ops", "cd; "+script)).To(Equal(bookworm))
			if bullseye == "" {
				bullseye = bookworm
			}
			Expect(RunMerged(NewHost("debian11"), "ops", "cd; "+script)).To(Equal(bullseye))
		},
		Entry(nil, `crontab -l; echo "s=$?"`, "no crontab for ops\ns=1\n", ""),
		Entry(nil, `(crontab -l 2>/dev/null; echo "*/5 * * * * /opt/agent/run") | crontab -; echo "s=$?"; crontab -l; echo "s=$?"`, "s=0\n*/5 * * * * /opt/agent/run\ns=0\n", ""),
		Entry(nil, `echo bad line | crontab -; echo "s=$?"`, "\"-\":0: bad minute\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '0 0 * * * first\n0 25 * * * a\n' | crontab -; echo "s=$?"`, "\"-\":1: bad hour\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '0 0 * * * first\n0 1\n' | crontab -; echo "s=$?"`, "\"-\":2: bad day-of-month\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '@bogus a\n' | crontab -; echo "s=$?"`, "\"-\":0: bad time specifier\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '@reboot a\nMAILTO=x\n# c\n\n0 1 * jan mon-fri a\n*/5 1-3,7 * * * a%%b\n' | crontab -; echo "s=$?"; crontab -l`, "s=0\n@reboot a\nMAILTO=x\n# c\n\n0 1 * jan mon-fri a\n*/5 1-3,7 * * * a%b\n", ""),
		Entry(nil, `printf '0-59/0 * * * * a\n' | crontab -; echo "s=$?"`, "\"-\":0: bad minute\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '0 1 * * 8 a\n' | crontab -; echo "s=$?"`, "\"-\":0: bad day-of-week\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '0 1 * 13 * a\n' | crontab -; echo "s=$?"`, "\"-\":0: bad month\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `printf '0 1 * * * a' | crontab -; echo "s=$?"`, "new crontab file is missing newline before EOF, can't install.\ns=1\n", ""),
		Entry(nil, `crontab /nope; echo "s=$?"`, "/nope: No such file or directory\ns=1\n", ""),
		Entry(nil, `printf '0 1 * * * x\n61 1 * * * y\n' > /tmp/d; crontab /tmp/d; echo "s=$?"`, "\"/tmp/d\":1: bad minute\nerrors in crontab file, can't install.\ns=1\n", ""),
		Entry(nil, `crontab -u root -l; echo "s=$?"`, "must be privileged to use -u\ns=1\n", ""),
		Entry(nil, `crontab -x; echo "s=$?"`, "crontab: invalid option -- 'x'\ncrontab: usage error: unrecognized option\nusage:\tcrontab [-u user] [-n] file\n\tcrontab [ -u user ] [ -i ] { -e | -l | -r }\n\n\t-h\t(displays this help message)\n\n\tfile\t(default operation is replace, per 1003.2)\n\t-n\t(dry run: checks the syntax, then bails out)\n\t-u user\t(choose the user whose crontab is touched)\n\n\t-e\t(edit user's crontab)\n\t-l\t(list user's crontab)\n\t-r\t(delete user's crontab)\n\n\t-i\t(prompt before deleting user's crontab)\ns=1\n", "crontab: invalid option -- 'x'\ncrontab: usage error: unrecognized option\nusage:\tcrontab [-u user] file\n\tcrontab [ -u user ] [ -i ] { -e | -l | -r }\n\t\t(default operation is replace, per 1003.2)\n\t-e\t(edit user's crontab)\n\t-l\t(list user's crontab)\n\t-r\t(delete user's crontab)\n\t-i\t(prompt before deleting user's crontab)\ns=1\n"),
		Entry(nil, `crontab -l -r; echo "s=$?"`, "crontab: usage error: only one operation permitted\nusage:\tcrontab [-u user] [-n] file\n\tcrontab [ -u user ] [ -i ] { -e | -l | -r }\n\n\t-h\t(displays this help message)\n\n\tfile\t(default operation is replace, per 1003.2)\n\t-n\t(dry run: checks the syntax, then bails out)\n\t-u user\t(choose the user whose crontab is touched)\n\n\t-e\t(edit user's crontab)\n\t-l\t(list user's crontab)\n\t-r\t(delete user's crontab)\n\n\t-i\t(prompt before deleting user's crontab)\ns=1\n", "crontab: usage error: only one operation permitted\nusage:\tcrontab [-u user] file\n\tcrontab [ -u user ] [ -i ] { -e | -l | -r }\n\t\t(default operation is replace, per 1003.2)\n\t-e\t(edit user's crontab)\n\t-l\t(list user's crontab)\n\t-r\t(delete user's crontab)\n\t-i\t(prompt before deleting user's crontab)\ns=1\n"),
		Entry(nil, `echo '0 1 * * * x' | crontab - && crontab -r; echo "s=$?"; crontab -r; echo "s=$?"`, "s=0\nno crontab for ops\ns=1\n", ""),
	)

	It("keeps the table in cron's spool, the user's and group crontab's, and honours cron.allow and cron.deny", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "echo '0 1 * * * /opt/run' | crontab -").Code).To(Equal(0))
		Expect(Run(m, "root", "stat -c '%a %U %G' /var/spool/cron/crontabs/ops; sed -n 1p /var/spool/cron/crontabs/ops; crontab -u ops -l").Stdout).To(Equal(
			"600 ops crontab\n# DO NOT EDIT THIS FILE - edit the master and reinstall.\n0 1 * * * /opt/run\n"))
		Expect(Run(m, "root", "echo root > /etc/cron.allow")).To(Exited(0, ""))
		denied := "You (ops) are not allowed to use this program (crontab)\nSee crontab(1) for more information\n"
		Expect(Run(m, "ops", "crontab -l")).To(Exited(1, denied))
		Expect(Run(m, "root", "rm /etc/cron.allow; echo ops > /etc/cron.deny")).To(Exited(0, ""))
		Expect(Run(m, "ops", "crontab -l")).To(Exited(1, denied))
	})
})
