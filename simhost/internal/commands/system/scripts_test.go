package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// The system's own shell scripts (service, the init scripts, lsb's
// init-functions) run from their captured text where nothing emulates them.
// Expected bytes captured from hostile-os:bookworm and bullseye as root, with
// sshd started as the container target starts it.
var _ = Describe("the system's shell scripts", func() {
	DescribeTable("runs the system's init scripts, which find the host's sshd by its pid file", func(personality, want string) {
		Expect(RunMerged(NewHost(personality), "root", `service ssh status; echo rc=$?; /etc/init.d/ssh status; echo rc=$?; service --status-all; service cron status; echo rc=$?; service nosuch status; echo rc=$?; invoke-rc.d ssh status; echo rc=$?`)).To(Equal(want))
	},
		Entry("debian12", "debian12", `sshd is running.
rc=0
sshd is running.
rc=0
 [ - ]  cron
 [ ? ]  hwclock.sh
 [ - ]  kmod
 [ ? ]  networking
 [ - ]  procps
 [ - ]  rsync
 [ + ]  ssh
 [ - ]  sudo
cron is not running ... failed!
rc=3
nosuch: unrecognized service
rc=1
invoke-rc.d: could not determine current runlevel
invoke-rc.d: WARNING: No init system and policy-rc.d missing! Defaulting to block.
invoke-rc.d: emulating initscript action "status", returning "unknown"
rc=4
`),
		Entry("debian11", "debian11", `sshd is running.
rc=0
sshd is running.
rc=0
 [ - ]  cron
 [ ? ]  hwclock.sh
 [ - ]  kmod
 [ - ]  lvm2
 [ - ]  lvm2-lvmpolld
 [ ? ]  networking
 [ - ]  procps
 [ - ]  rsync
 [ + ]  ssh
 [ - ]  sudo
cron is not running ... failed!
rc=3
nosuch: unrecognized service
rc=1
invoke-rc.d: could not determine current runlevel
invoke-rc.d: WARNING: No init system and policy-rc.d missing! Defaulting to block.
invoke-rc.d: emulating initscript action "status", returning "unknown"
rc=4
`),
	)
	DescribeTable("reads the system's shell scripts and libraries as their text", func(personality, want string) {
		Expect(RunMerged(NewHost(personality), "root", `head -c 120 /usr/sbin/service | tail -c 60; echo; . /lib/lsb/init-functions; log_success_msg done; log_failure_msg broken; type status_of_proc | head -2; grep -c . /usr/bin/ssh-copy-id`)).To(Equal(want))
	},
		Entry("debian12", "debian12", `##########################
# /usr/bin/service
#
# A convenie
done.
broken ... failed!
status_of_proc is a function
status_of_proc () 
333
`),
		Entry("debian11", "debian11", `##########################
# /usr/bin/service
#
# A convenie
done.
broken ... failed!
status_of_proc is a function
status_of_proc () 
285
`),
	)
})
