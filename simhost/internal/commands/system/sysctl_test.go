package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// sysctl over the host's /proc/sys, captured as ops from bookworm's procps-ng
// 4.0.2 and bullseye's 3.3.17 (stdout and stderr merged; bullseye's column is
// empty where it says the same). The values are sysctl.tsv's, the kernel the
// capture ran on.
var _ = Describe("sysctl", func() {
	DescribeTable("reads the kernel's parameters, refuses a user's writes, loads files",
		MergedOnDebian12And11(nil),
		Entry(nil, `/sbin/sysctl vm.swappiness kernel.pid_max net.core.somaxconn`, "vm.swappiness = 60\nkernel.pid_max = 4194304\nnet.core.somaxconn = 4096\n", ""),
		Entry(nil, `/sbin/sysctl -n kernel.sem net.ipv4.ip_local_port_range`, "32000\t1024000000\t500\t32000\n32768\t60999\n", ""),
		Entry(nil, `/sbin/sysctl nosuch.key; echo "s=$?"`, "sysctl: cannot stat /proc/sys/nosuch/key: No such file or directory\ns=1\n", "sysctl: cannot stat /proc/sys/nosuch/key: No such file or directory\ns=255\n"),
		Entry(nil, `/sbin/sysctl -e nosuch.key; echo "s=$?"`, "s=0\n", ""),
		Entry(nil, `/sbin/sysctl -N vm.swappiness kernel.pid_max`, "vm.swappiness\nkernel.pid_max\n", ""),
		Entry(nil, `/sbin/sysctl vm/swappiness`, "vm.swappiness = 60\n", ""),
		Entry(nil, `/sbin/sysctl -w vm.swappiness=10; echo "s=$?"`, "sysctl: permission denied on key \"vm.swappiness\"\ns=1\n", "sysctl: permission denied on key \"vm.swappiness\"\ns=255\n"),
		Entry(nil, `/sbin/sysctl -w vm.swappiness; echo "s=$?"`, "sysctl: command line(0): invalid syntax, continuing...\ns=1\n", "sysctl: \"vm.swappiness\" must be of the form name=value\ns=255\n"),
		Entry(nil, `/sbin/sysctl vm.swappiness=10; echo "s=$?"`, "sysctl: permission denied on key \"vm.swappiness\"\ns=1\n", "sysctl: permission denied on key \"vm.swappiness\"\ns=255\n"),
		Entry(nil, `/sbin/sysctl -p /nope; echo "s=$?"`, "sysctl: cannot open \"/nope\": No such file or directory\ns=1\n", "sysctl: cannot open \"/nope\": No such file or directory\ns=255\n"),
		Entry(nil, `/sbin/sysctl; echo "s=$?"`, "\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n  -a, --all            display all variables\n  -A                   alias of -a\n  -X                   alias of -a\n      --deprecated     include deprecated parameters to listing\n      --dry-run        Print the key and values but do not write\n  -b, --binary         print value without new line\n  -e, --ignore         ignore unknown variables errors\n  -N, --names          print variable names without values\n  -n, --values         print only values of the given variable(s)\n  -p, --load[=<file>]  read values from file\n  -f                   alias of -p\n      --system         read values from all system directories\n  -r, --pattern <expression>\n                       select setting that match expression\n  -q, --quiet          do not echo variable set\n  -w, --write          enable writing a value to variable\n  -o                   does nothing\n  -x                   does nothing\n  -d                   alias of -h\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see sysctl(8).\ns=1\n", "\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n  -a, --all            display all variables\n  -A                   alias of -a\n  -X                   alias of -a\n      --deprecated     include deprecated parameters to listing\n  -b, --binary         print value without new line\n  -e, --ignore         ignore unknown variables errors\n  -N, --names          print variable names without values\n  -n, --values         print only values of the given variable(s)\n  -p, --load[=<file>]  read values from file\n  -f                   alias of -p\n      --system         read values from all system directories\n  -r, --pattern <expression>\n                       select setting that match expression\n  -q, --quiet          do not echo variable set\n  -w, --write          enable writing a value to variable\n  -o                   does nothing\n  -x                   does nothing\n  -d                   alias of -h\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see sysctl(8).\ns=1\n"),
		Entry(nil, `/sbin/sysctl -V`, "sysctl from procps-ng 4.0.2\n", "sysctl from procps-ng 3.3.17\n"),
		Entry(nil, `/sbin/sysctl -b vm.swappiness; echo "|"`, "60|\n", ""),
		Entry(nil, `/sbin/sysctl -a -r '^vm.swap'`, "vm.swappiness = 60\n", ""),
		Entry(nil, `/sbin/sysctl kernel.random.poolsize`, "kernel.random.poolsize = 256\n", ""),
		Entry(nil, `printf 'vm.swappiness=30\n# c\n; c\n\n-nosuch.key = 1\nnosuch.key2=3\n' > /tmp/p.conf; /sbin/sysctl -p /tmp/p.conf; echo "s=$?"`, "sysctl: permission denied on key \"vm.swappiness\"\nsysctl: cannot stat /proc/sys/nosuch/key: No such file or directory\nsysctl: cannot stat /proc/sys/nosuch/key2: No such file or directory\ns=1\n", "sysctl: permission denied on key \"vm.swappiness\"\nsysctl: cannot stat /proc/sys/nosuch/key: No such file or directory\nsysctl: cannot stat /proc/sys/nosuch/key2: No such file or directory\ns=255\n"),
		Entry(nil, `/sbin/sysctl --system; echo "s=$?"`, "* Applying /usr/lib/sysctl.d/99-protect-links.conf ...\n* Applying /etc/sysctl.conf ...\nsysctl: permission denied on key \"fs.protected_fifos\"\nsysctl: permission denied on key \"fs.protected_hardlinks\"\nsysctl: permission denied on key \"fs.protected_regular\"\nsysctl: permission denied on key \"fs.protected_symlinks\"\ns=1\n", "* Applying /usr/lib/sysctl.d/protect-links.conf ...\nsysctl: permission denied on key \"fs.protected_fifos\"\nsysctl: permission denied on key \"fs.protected_hardlinks\"\nsysctl: permission denied on key \"fs.protected_regular\"\nsysctl: permission denied on key \"fs.protected_symlinks\"\n* Applying /etc/sysctl.conf ...\ns=255\n"),
		Entry(nil, `/sbin/sysctl -a 2>&1 >/dev/null | grep -c 'permission denied on key .kernel.cad_pid.'`, "1\n", ""),
	)

	// A container's /proc/sys is read-only even to root, so this is not
	// captured: a real host's root changes the parameter, as the
	// Elasticsearch and Oracle installers need.
	It("lets root change a parameter, which /proc/sys then shows", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", "sysctl -w vm.max_map_count=262144; cat /proc/sys/vm/max_map_count")).To(Printed("vm.max_map_count = 262144\n262144\n", ""))
		Expect(Run(m, "root", "echo 'vm.swappiness = 1' > /etc/sysctl.d/90-app.conf; sysctl --system; sysctl -n vm.swappiness")).To(Printed(
			"* Applying /etc/sysctl.d/90-app.conf ...\n* Applying /usr/lib/sysctl.d/99-protect-links.conf ...\n* Applying /etc/sysctl.conf ...\n"+
				"vm.swappiness = 1\nfs.protected_fifos = 1\nfs.protected_hardlinks = 1\nfs.protected_regular = 2\nfs.protected_symlinks = 1\n1\n", ""))
	})
})
