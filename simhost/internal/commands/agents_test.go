package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// What agent installers run, as the Debian containers answered it.
var _ = Describe("an agent installer's commands", func() {
	It("pads a tar archive to whole 10240-byte records and names gzip's child when -z cannot open it", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `mkdir -p /tmp/t/pkg && echo x > /tmp/t/pkg/f && tar -C /tmp/t -czf /tmp/t.tgz pkg && zcat /tmp/t.tgz | wc -c`).Stdout).To(Equal("10240\n"))
		Expect(Run(m, "ops", `tar -xzf /tmp/none.tgz -C /tmp`)).To(Equal(Result{Code: 2, Stderr: "tar (child): /tmp/none.tgz: Cannot open: No such file or directory\n" +
			"tar (child): Error is not recoverable: exiting now\ntar: Child returned status 2\ntar: Error is not recoverable: exiting now\n"}))
	})

	It("gives timeout's help and version of the release's coreutils", func() {
		Expect(Run(NewHost("debian12"), "ops", `timeout --help | sed -n '1p;21p'; timeout --version | head -1`).Stdout).To(Equal(
			"Usage: timeout [OPTION] DURATION COMMAND [ARG]...\n      --help        display this help and exit\ntimeout (GNU coreutils) 9.1\n"))
		Expect(Run(NewHost("debian11"), "ops", `timeout --help | sed -n '21p'; timeout --version | head -1`).Stdout).To(Equal(
			"      --help     display this help and exit\ntimeout (GNU coreutils) 8.32\n"))
	})

	It("answers lsmod and dmidecode on a host with no /proc/modules and no SMBIOS tables as kmod and dmidecode do", func() {
		Expect(Run(NewHost("debian12"), "ops", `lsmod`)).To(Equal(Result{Code: 1, Stderr: "libkmod: ERROR ../libkmod/libkmod-module.c:1725 kmod_module_new_from_loaded: could not open /proc/modules: No such file or directory\n" +
			"Error: could not get list of modules: No such file or directory\n"}))
		Expect(Run(NewHost("debian11"), "root", `dmidecode -t system`)).To(Equal(Result{Code: 1, Stdout: "# dmidecode 3.3\nScanning /dev/mem for entry point.\n", Stderr: "/dev/mem: No such file or directory\n"}))
		Expect(Run(NewHost("debian12"), "root", `dmidecode -s system-uuid`)).To(Equal(Result{Code: 1, Stderr: "/dev/mem: No such file or directory\n"}))
	})

	It("succeeds with command -v when any of the names is found, as bash does, and dash when its first is", func() {
		Expect(Run(NewHost("debian12"), "ops", `command -v yum apt-get dnf; echo $?; command -v yum dnf; echo $?`).Stdout).To(Equal("/usr/bin/apt-get\n0\n1\n"))
		Expect(Run(NewHost("debian12"), "ops", `/bin/sh -c 'command -v yum apt-get; echo $?; command -v apt-get yum; echo $?'`).Stdout).To(Equal("127\n/usr/bin/apt-get\n0\n"),
			"dash looks at the first name only, and a name it cannot find is status 127")
	})

	It("finds a daemon that retitled itself with pidof, by its executable", func() {
		Expect(Run(NewHost("debian12"), "ops", `pidof sshd >/dev/null && echo running`).Stdout).To(Equal("running\n"))
	})

	It("reads the host's processors with lscpu, as util-linux 2.38 prints them", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `lscpu | sed -n '1p;5,6p'`).Stdout).To(Equal("Architecture:        x86_64\nCPU(s):              2\nOn-line CPU(s) list: 0,1\n"))
		Expect(Run(m, "ops", `lscpu -J | head -5`).Stdout).To(Equal("{\n   \"lscpu\": [\n      {\n         \"field\": \"Architecture:\",\n         \"data\": \"x86_64\"\n"))
	})

	It("ends cat silently when the reader of its pipe has gone, as SIGPIPE does", func() {
		Expect(Run(NewHost("debian12"), "ops", `seq 100000 > /tmp/big; cat /tmp/big /tmp/big /tmp/big | head -1`)).
			To(Equal(Result{Stdout: "1\n"}))
	})

	It("changes a directory's owner after what is under it with chown -R", func() {
		Expect(Run(NewHost("debian12"), "ops", `chown -R ops /etc/ssh 2>&1 | tail -1`).Stdout).To(Equal("chown: changing ownership of '/etc/ssh': Operation not permitted\n"))
	})
})
