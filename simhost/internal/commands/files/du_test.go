package files_test

import (
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// withData mounts a 100 GiB /data (a 1 GiB Solaris slice) holding one 5000-byte file.
func withData(solaris bool) func(*machine.Description) {
	return func(d *machine.Description) {
		m := vfs.Mount{Path: "/data", Device: "/dev/sdb1", FSType: "xfs", SizeBytes: 100 << 30}
		if solaris {
			m = vfs.Mount{Path: "/data", Device: "/dev/dsk/c0t1d0s0", FSType: "ufs", SizeBytes: 1 << 30}
		}
		d.Mounts = append(d.Mounts, m)
		d.Files = append(d.Files, machine.File{Path: "/data/blob", Content: strings.Repeat("x", 5000)})
	}
}

var _ = Describe("du", func() {
	tree := func(personality, home string) *machine.Machine {
		return NewHost(personality, SeedDir(home+"/d", "ops", 0o755), SeedFile(home+"/d/small", "x", "ops", 0o644),
			SeedFile(home+"/d/big", strings.Repeat("x", 9000), "ops", 0o644), SeedDir(home+"/d/sub", "ops", 0o755))
	}

	It("counts whole 4K blocks per file, directories included", func() {
		m := tree("debian12", "/home/ops")
		Expect(Run(m, "ops", "du d")).To(Equal(Result{Stdout: "4\td/sub\n24\td\n"}))
		Expect(Run(m, "ops", "du -a d")).To(Equal(Result{Stdout: "12\td/big\n4\td/small\n4\td/sub\n24\td\n"}))
		Expect(Run(m, "ops", "du -sh d")).To(Equal(Result{Stdout: "24K\td\n"}))
		Expect(Run(m, "ops", "du -sc d d/big")).To(Equal(Result{Stdout: "24\td\n12\td/big\n36\ttotal\n"}))
		Expect(Run(m, "ops", "du -s --apparent-size -b d/big")).To(Equal(Result{Stdout: "9000\td/big\n"}))
	})
	It("counts a hard-linked file once", func() {
		m := tree("debian12", "/home/ops")
		Expect(Run(m, "ops", "ln d/big d/sub/again && du d")).To(Equal(Result{Stdout: "4\td/sub\n24\td\n"}))
	})
	It("reports what it cannot read", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "du /root")).To(Equal(Result{Stdout: "4\t/root\n", Stderr: "du: cannot read directory '/root': Permission denied\n", Code: 1}))
		Expect(Run(m, "ops", "du nosuch")).To(Equal(Result{Stderr: "du: cannot access 'nosuch': No such file or directory\n", Code: 1}))
	})
	It("takes -B/--block-size as coreutils reads it (a unit alone shown after each figure), and cp -l links as fs.protected_hardlinks allows", func() {
		for _, pers := range []string{"debian12", "debian11"} {
			r := Run(NewHost(pers), "ops", "cd /tmp && mkdir -p cpl/d && echo a > cpl/d/f && cp -al cpl/d cpl/e && stat -c %h cpl/e/f && cp -l cpl/d/f cpl/g && stat -c %h cpl/d/f && cp -l cpl/d/f cpl/g; echo $?; cp -lv cpl/d/f cpl/k; cp -l /etc/shadow cpl/s; echo $?\n"+
				"du -B1 cpl/d/f; du -BK cpl/d/f; du --block-size=1M cpl/d/f; du -B 2 cpl/d/f; du -Bx cpl/d/f; echo $?; du --apparent-size -B1 -s cpl/d; du -B1KB cpl/d/f")
			Expect(r.Stdout).To(Equal("2\n3\n0\n'cpl/d/f' -> 'cpl/k'\n1\n4096\tcpl/d/f\n4K\tcpl/d/f\n1\tcpl/d/f\n2048\tcpl/d/f\n1\n4098\tcpl/d\n5\tcpl/d/f\n"), pers)
			Expect(r.Stderr).To(Equal("cp: cannot create hard link 'cpl/s' to '/etc/shadow': Operation not permitted\ndu: invalid -B argument 'x'\n"), pers)
		}
	})
	It("counts 512-byte blocks on Solaris", func() {
		m := tree("solaris10-sparc", "/export/home/ops")
		Expect(Run(m, "ops", "du -s d; du -sk d")).To(Equal(Result{Stdout: "48\td\n24\td\n"}))
	})
})

var _ = Describe("df", func() {
	It("reports a mount in 1K blocks, human sizes and POSIX form", func() {
		m := NewHost("debian12", withData(false))
		Expect(Run(m, "ops", "df /data")).To(Equal(Result{Stdout: "Filesystem     1K-blocks  Used Available Use% Mounted on\n" +
			"/dev/sdb1      104857600     5 104857595   1% /data\n"}))
		Expect(Run(m, "ops", "df -h /data/blob")).To(Equal(Result{Stdout: "Filesystem      Size  Used Avail Use% Mounted on\n" +
			"/dev/sdb1       100G  5.0K  100G   1% /data\n"}))
		Expect(Run(m, "ops", "df -PT /data")).To(Equal(Result{Stdout: "Filesystem     Type 1024-blocks  Used Available Capacity Mounted on\n" +
			"/dev/sdb1      xfs    104857600     5 104857595       1% /data\n"}))
	})
	It("lists every mount, root first", func() {
		r := Run(NewHost("debian12", withData(false)), "ops", "df")
		lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
		Expect(lines).To(HaveLen(3))
		Expect(lines[0]).To(HavePrefix("Filesystem     1K-blocks"))
		Expect(lines[1]).To(MatchRegexp(`^/dev/vda1 +\d+ +\d+ +\d+ +\d+% /$`))
		Expect(lines[2]).To(MatchRegexp(`^/dev/sdb1 +104857600 +5 +104857595 +1% /data$`))
	})
	It("reports a missing path", func() {
		Expect(Run(NewHost("debian12"), "ops", "df nosuch")).To(Equal(Result{Stderr: "df: nosuch: No such file or directory\n", Code: 1}))
	})
	It("speaks Solaris 10's df", func() {
		m := NewHost("solaris10-sparc", withData(true))
		Expect(Run(m, "ops", "df -k /data")).To(Equal(Result{Stdout: "Filesystem            kbytes    used   avail capacity  Mounted on\n" +
			"/dev/dsk/c0t1d0s0    1048576       5 1048571     1%    /data\n"}))
		Expect(Run(m, "ops", "df /data")).To(Equal(Result{Stdout: "/data              (/dev/dsk/c0t1d0s0 ): 2097142 blocks    65536 files\n"}))
		Expect(Run(m, "ops", "df nosuch")).To(Equal(Result{Stderr: "df: (nosuch    ) not a block device, directory or mounted resource\n", Code: 1}))
		Expect(Run(m, "ops", "df -P")).To(Equal(Result{Stderr: "df: unknown option: P\n" +
			"Usage: df [-F FSType] [-abeghklntVvZ] [-o FSType-specific_options] [directory | block_device | resource]\n", Code: 1}))
	})
})

var _ = Describe("df's inode and --output forms", func() {
	It("reports inodes with -i and the fields --output names, with GNU's headings and clashes", func() {
		m := NewHost("debian12", withData(false))
		r := Run(m, "ops", "df -i /data")
		Expect(r.Stdout).To(MatchRegexp(`^Filesystem      Inodes IUsed   IFree IUse% Mounted on\n/dev/sdb1      6553600     \d +\d+    1% /data\n$`))
		Expect(Run(m, "ops", "df --output=target,source /data")).To(Equal(Result{Stdout: "Mounted on Filesystem\n/data      /dev/sdb1\n"}))
		Expect(Run(m, "ops", "df --output=file,pcent /data/blob")).To(Equal(Result{Stdout: "File       Use%\n/data/blob   1%\n"}))
		Expect(Run(m, "ops", "df --output=bogus /")).To(Equal(Result{
			Stderr: "df: option --output: field 'bogus' unknown\nTry 'df --help' for more information.\n", Code: 1}))
		Expect(Run(m, "ops", "df -i --output=source /")).To(Equal(Result{
			Stderr: "df: options -i and --output are mutually exclusive\nTry 'df --help' for more information.\n", Code: 1}))
	})
	It("shows the root disk as the installed system and the free space the limits give", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{DiskFreeBytes: 2 << 30}))
		r := Run(m, "ops", "df -P / | tail -1")
		f := strings.Fields(r.Stdout)
		Expect(f).To(HaveLen(6))
		// the free space, less what the host wrote after it was built
		Expect(strconv.Atoi(f[3])).To(BeNumerically("~", 2097152, 64))
		Expect(f[4]).NotTo(Equal("95%"))
	})
})

// -B/--block-size of du and df, as GNU reads it (node_exporter's
// directory-size.sh runs du --block-size=1; Netdata's system-info.sh df
// -B1): a number with a unit or a unit alone, which then marks each figure.
// Captured with docker run of the hostile-os images.
var _ = Describe("du and df -B", func() {
	DescribeTable("count in the blocks given",
		func(script, want string) {
			Expect(RunMerged(NewHost("debian12"), "ops", "cd /tmp && printf 0123456789 > t && "+script)).To(Equal(want))
		},
		Entry("bytes", `du -B1 t; du --block-size=1 t`, "4096\tt\n4096\tt\n"),
		Entry("a unit alone marks the figure", `du -BK t; du -BM t; du -BKB t; du -BG t`, "4K\tt\n1M\tt\n5kB\tt\n1G\tt\n"),
		Entry("a number of units does not", `du -B1K t; du -B2K t; du -B1000 t; du -B512 t`, "4\tt\n2\tt\n5\tt\n8\tt\n"),
		Entry("a summary in bytes", `mkdir -p d && printf x > d/f && du --block-size=1 --summarize d`, "8192\td\n"),
		Entry("a size GNU refuses", `du -Bx t; echo "status $?"; du --block-size=0 t; df -Bfoo /`,
			"du: invalid -B argument 'x'\nstatus 1\ndu: invalid --block-size argument '0'\ndf: invalid -B argument 'foo'\n"),
		Entry("df's headings", `for b in 1 K 1K 2K KB 1000 512 M; do df -B$b / | head -1 | awk '{print $2}'; done`,
			"1B-blocks\n1K-blocks\n1K-blocks\n2K-blocks\n1kB-blocks\n1kB-blocks\n512B-blocks\n1M-blocks\n"),
		Entry("df -P names the bytes", `df -P -B1 / | head -1 | awk '{print $2}'; df -PB1M / | head -1 | awk '{print $2}'`,
			"1-blocks\n1048576-blocks\n"),
		Entry("the last of -k, -h and -B wins", `df -B1 -k / | head -1 | awk '{print $2}'; df -k -B1 / | head -1 | awk '{print $2}'; df -B1 -h / | head -1 | awk '{print $2}'`,
			"1K-blocks\n1B-blocks\nSize\n"),
		Entry("a unit alone marks df's figures", `df -BK / | tail -1 | awk '{print substr($2, length($2)), substr($4, length($4))}'`, "K K\n"),
		Entry("df --output in bytes", `df -l -B1 --output=source,size / | head -1 | tr -s " "`, "Filesystem 1B-blocks\n"),
	)
})

var _ = Describe("du of a directory and one inside it", func() {
	It("counts and shows the inner one once, under the outer (directory-size.sh's list of directories)", func() {
		m := NewHost("debian12")
		Expect(RunMerged(m, "ops", `mkdir -p d/sub && printf x > d/sub/f && du -s d d/sub; du -s d/sub d`)).
			To(Equal("12\td\n8\td/sub\n4\td\n"))
	})
})
