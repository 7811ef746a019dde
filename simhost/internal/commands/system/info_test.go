package system_test

import (
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// procFiles gives a host the /proc files procps reads, as captured from a
// Debian 12 container.
func procFiles(d *machine.Description) {
	d.Files = append(d.Files,
		machine.File{Path: "/proc/meminfo", Content: "MemTotal:       24683772 kB\nMemFree:        22877288 kB\nMemAvailable:   24107560 kB\n" +
			"Buffers:           39092 kB\nCached:          1335480 kB\nSwapCached:            0 kB\nSwapTotal:             0 kB\n" +
			"SwapFree:              0 kB\nShmem:             10304 kB\nSReclaimable:     152676 kB\n"},
		machine.File{Path: "/proc/uptime", Content: "337.27 380.82\n"},
		machine.File{Path: "/proc/loadavg", Content: "2.33 1.09 0.45 8/275 9\n"},
		machine.File{Path: "/proc/cpuinfo", Content: "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nmodel name\t: x\n\n"},
	)
}

var _ = Describe("free, nproc, uptime", func() {
	It("read the host's /proc as procps does", func() {
		m := NewHost("debian12", procFiles)
		Expect(Run(m, "ops", `free`).Stdout).To(Equal(
			"               total        used        free      shared  buff/cache   available\n" +
				"Mem:        24683772      576212    22877288       10304     1527248    24107560\n" +
				"Swap:              0           0           0\n"))
		Expect(Run(m, "ops", `free -h`).Stdout).To(Equal(
			"               total        used        free      shared  buff/cache   available\n" +
				"Mem:            23Gi       562Mi        21Gi        10Mi       1.5Gi        22Gi\n" +
				"Swap:             0B          0B          0B\n"))
		Expect(Run(m, "ops", `free -m | awk '/^Mem/ {print $2}'`).Stdout).To(Equal("24105\n"))
		Expect(Run(m, "ops", `nproc`).Stdout).To(Equal("2\n"))
		Expect(Run(m, "ops", `uptime`).Stdout).To(MatchRegexp(`^ \d\d:\d\d:\d\d up 5 min,  0 user,  load average: 2\.33, 1\.09, 0\.45\n$`))
		Expect(Run(m, "ops", `uptime -p`).Stdout).To(Equal("up 5 minutes\n"))
		Expect(Run(m, "ops", `uptime -s`).Stdout).To(MatchRegexp(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$`))
	})
	It("fail as procps does without /proc/meminfo, and refuse unknown options with the usage", func() {
		m := NewHost("debian12")
		m.FS.KernelRemove("/proc/meminfo") // as in a chroot without /proc mounted
		Expect(Run(m, "ops", `free`)).To(Exited(1, "free: Unable to create meminfo structure\n"))
		r := Run(m, "ops", `free -x`)
		Expect(r.Stderr).To(HavePrefix("free: invalid option -- 'x'\n\nUsage:\n free [options]\n"))
		Expect(r.Stderr).To(HaveSuffix("For more details see free(1).\n"))
		Expect(r.Code).To(Equal(1))
	})
	It("counts the processors the kernel gives, not /proc/cpuinfo's", func() {
		// A Debian 12 container with --cpuset-cpus 0 on a 2-CPU machine: nproc
		// prints 1 while /proc/cpuinfo lists 2 (sched_getaffinity, not procfs).
		m := NewHost("debian12", func(d *machine.Description) { d.Hardware.CPUs = 3 })
		m.FS.KernelRemove("/proc/cpuinfo")
		Expect(Run(m, "ops", `nproc; nproc --all; nproc --ignore=1; nproc --ignore=5`).Stdout).To(Equal("3\n3\n2\n1\n"))
	})
})

var _ = Describe("pidof and who", func() {
	It("finds running programs by name, newest first", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `sh -c 'pidof -s sh >/dev/null && echo found'; pidof cron; pidof nothing; echo st=$?`).Stdout).To(Equal("found\n398\nst=1\n"))
	})
	It("lists terminal logins only", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `who`).Stdout).To(BeEmpty())
		Expect(RunTTY(m, "ops", `who | awk '{print $1, $2}'`, "").Stdout).To(Equal("ops pts/0\n"))
	})
})

var _ = Describe("locale", func() {
	It("prints the POSIX defaults and the variables set", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `unset LANG LC_ALL; locale`).Stdout).To(Equal("LANG=\nLANGUAGE=\nLC_CTYPE=\"POSIX\"\nLC_NUMERIC=\"POSIX\"\nLC_TIME=\"POSIX\"\nLC_COLLATE=\"POSIX\"\n" +
			"LC_MONETARY=\"POSIX\"\nLC_MESSAGES=\"POSIX\"\nLC_PAPER=\"POSIX\"\nLC_NAME=\"POSIX\"\nLC_ADDRESS=\"POSIX\"\n" +
			"LC_TELEPHONE=\"POSIX\"\nLC_MEASUREMENT=\"POSIX\"\nLC_IDENTIFICATION=\"POSIX\"\nLC_ALL=\n"))
		Expect(Run(m, "ops", `locale -a`).Stdout).To(Equal("C\nC.utf8\nPOSIX\n"))
		Expect(Run(m, "ops", `unset LANG LC_ALL; locale charmap; LANG=C.UTF-8 locale charmap`).Stdout).To(Equal("ANSI_X3.4-1968\nUTF-8\n"))
	})
	It("complains of a locale the host lacks, as glibc does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `unset LC_ALL; LANG=fr_FR.UTF-8 locale | head -3`)).To(Printed("LANG=fr_FR.UTF-8\nLANGUAGE=\nLC_CTYPE=\"fr_FR.UTF-8\"\n", "locale: Cannot set LC_CTYPE to default locale: No such file or directory\n"+
			"locale: Cannot set LC_MESSAGES to default locale: No such file or directory\n"+
			"locale: Cannot set LC_ALL to default locale: No such file or directory\n"))
	})
})

var _ = Describe("stty and tput", func() {
	It("fail without a terminal as coreutils and ncurses do", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `stty size`)).To(Exited(1, "stty: 'standard input': Inappropriate ioctl for device\n"))
		Expect(Run(m, "ops", `unset TERM; tput cols`)).To(Exited(2, "tput: No value for $TERM and no -T specified\n"))
		Expect(Run(m, "ops", `TERM=xterm tput cols; TERM=xterm tput lines`).Stdout).To(Equal("80\n24\n"))
		Expect(Run(m, "ops", `tput -T foo cols`)).To(Exited(3, "tput: unknown terminal \"foo\"\n"))
		Expect(Run(m, "ops", `tput -T xterm bogus`)).To(Exited(4, "tput: unknown terminfo capability 'bogus'\n"))
		Expect(Run(m, "ops", `tput -T xterm clear | od -An -c`).Stdout).To(Equal(" 033   [   H 033   [   2   J 033   [   3   J\n"))
		Expect(Run(m, "ops", `tput -T xterm-256color setaf 9 | od -An -c`).Stdout).To(Equal(" 033   [   9   1   m\n"))
	})
})

var _ = Describe("mount, findmnt, lsblk", func() {
	It("list the host's mounts and the disks they imply", func() {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Mounts = append(d.Mounts, vfs.Mount{Path: "/data", Device: "/dev/vdb1", FSType: "xfs", SizeBytes: 100 << 30})
		})
		// mount and findmnt read the kernel's table, /proc/mounts, as util-linux does
		Expect(Run(m, "ops", `mount | awk '$3 == "/" || $3 == "/data"'`).Stdout).To(Equal(
			"/dev/vda1 on / type ext4 (rw,relatime,errors=remount-ro)\n/dev/vdb1 on /data type xfs (rw,relatime)\n"))
		Expect(Run(m, "ops", `mount -t proc,xfs`).Stdout).To(Equal(
			"proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n/dev/vdb1 on /data type xfs (rw,relatime)\n"))
		Expect(Run(m, "ops", `mount -t nfs,nfs4; echo $?`).Stdout).To(Equal("0\n"))
		Expect(Run(m, "ops", `findmnt -n -o SOURCE /`).Stdout).To(Equal("/dev/vda1\n"))
		Expect(Run(m, "ops", `findmnt -n -o FSTYPE /proc; findmnt -n -o TARGET -T /data/x/y`).Stdout).To(Equal("proc\n/data\n"))
		Expect(Run(m, "ops", `findmnt -t nfs,nfs4; echo $?; findmnt --version`).Stdout).To(Equal("0\nfindmnt from util-linux 2.38.1\n"))
		Expect(Run(m, "ops", `findmnt | grep -e TARGET -e ' /' -e data`).Stdout).To(MatchRegexp(
			"^TARGET +SOURCE +FSTYPE +OPTIONS\n/ +/dev/vda1 +ext4 +rw,relatime,errors=remount-ro\n.*`-/data +/dev/vdb1 +xfs +rw,relatime\n$"))
		r := Run(m, "ops", `findmnt /nope`)
		Expect(r.Stdout + r.Stderr).To(BeEmpty())
		Expect(r.Code).To(Equal(1))
		// the root disk is the installed system's size and the free space
		Expect(Run(m, "ops", `lsblk`).Stdout).To(MatchRegexp(
			"^NAME   MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS\n" +
				"vda    254:0    0  1\\.\\dG  0 disk \n" +
				"`-vda1 254:1    0  1\\.\\dG  0 part /\n" +
				"vdb    254:16   0  100G  0 disk \n" +
				"`-vdb1 254:17   0  100G  0 part /data\n$"))
		Expect(Run(m, "ops", `lsblk -b -P -o NAME,SIZE,TYPE,MOUNTPOINT /dev/vdb`).Stdout).To(Equal(
			"NAME=\"vdb\" SIZE=\"107374182400\" TYPE=\"disk\" MOUNTPOINT=\"\"\n" +
				"NAME=\"vdb1\" SIZE=\"107374182400\" TYPE=\"part\" MOUNTPOINT=\"/data\"\n"))
		Expect(Run(m, "ops", `lsblk -dno NAME,TYPE`).Stdout).To(Equal("vda disk\nvdb disk\n"))
		Expect(Run(m, "ops", `lsblk -rno NAME,MAJ:MIN,MOUNTPOINT /dev/vdb`).Stdout).To(Equal("vdb 254:16 \nvdb1 254:17 /data\n"))
		Expect(Run(m, "ops", `lsblk -n -o MOUNTPOINT /dev/nosuch`)).To(Exited(32, "lsblk: /dev/nosuch: not a block device\n"))
		Expect(Run(m, "ops", `lsblk -o BOGUS`)).To(Exited(1, "lsblk: unknown column: BOGUS\n"))
		// the kernel lists the same disks
		Expect(Run(m, "ops", `cat /proc/partitions`).Stdout).To(MatchRegexp(
			"^major minor  #blocks  name\n\n 254        0 +\\d+ vda\n 254        1 +\\d+ vda1\n 254       16  104857600 vdb\n 254       17  104857600 vdb1\n$"))
		Expect(Run(m, "ops", `grep -c ' 0 0 0' /proc/diskstats; cat /proc/swaps`).Stdout).To(Equal(
			"4\nFilename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"))
	})
	It("mountpoint says whether a directory is a mount's target", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `mountpoint /; mountpoint /proc; mountpoint -q /`)).To(Equal(Result{Stdout: "/ is a mountpoint\n/proc is a mountpoint\n"}))
		Expect(Run(m, "ops", `mountpoint /var`)).To(Equal(Result{Stdout: "/var is not a mountpoint\n", Code: 32}))
		Expect(Run(m, "ops", `mountpoint -q /var`)).To(Equal(Result{Code: 32}))
		Expect(Run(m, "ops", `mountpoint /nosuch`)).To(Equal(Result{Stderr: "mountpoint: /nosuch: No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", `mountpoint`)).To(Equal(Result{Stderr: "mountpoint: bad usage\nTry 'mountpoint --help' for more information.\n", Code: 1}))
		// util-linux 2.36 (Debian 11) answered 1 where 2.38 answers 32
		Expect(Run(NewHost("debian11"), "ops", `mountpoint /var; mountpoint --version`)).To(Equal(Result{
			Stdout: "/var is not a mountpoint\nmountpoint from util-linux 2.36.1\n"}))
	})
})
