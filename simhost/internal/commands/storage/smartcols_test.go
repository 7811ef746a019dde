package storage_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm (util-linux 2.38.1, one
// key per line) and bullseye (2.36.1, one object per line).
var _ = Describe("lsblk and findmnt output formats", func() {
	DescribeTable("JSON, as libsmartcols of each util-linux writes it",
		func(personality, script, want string) {
			Expect(Run(NewHost(personality), "ops", script).Stdout).To(Equal(want))
		},
		Entry("an empty list, 2.38", "debian12", `lsblk -J -o NAME,SIZE /dev/nosuch; echo "status $?"`,
			"{\n   \"blockdevices\": [\n\n   ]\n}\nstatus 32\n"),
		Entry("an empty list, 2.36", "debian11", `lsblk -J -o NAME,SIZE /dev/nosuch; echo "status $?"`,
			"{\n   \"blockdevices\": [\n   ]\n}\nstatus 32\n"),
		Entry("a mount, 2.38", "debian12", `findmnt -J /proc`,
			"{\n   \"filesystems\": [\n      {\n         \"target\": \"/proc\",\n         \"source\": \"proc\",\n         \"fstype\": \"proc\",\n         \"options\": \"rw,nosuid,nodev,noexec,relatime\"\n      }\n   ]\n}\n"),
		Entry("a mount, 2.36", "debian11", `findmnt -J -o TARGET,SOURCE /proc`,
			"{\n   \"filesystems\": [\n      {\"target\":\"/proc\", \"source\":\"proc\"}\n   ]\n}\n"),
		Entry("-n changes nothing", "debian12", `findmnt -J -n -o TARGET,FSTYPE /proc`,
			"{\n   \"filesystems\": [\n      {\n         \"target\": \"/proc\",\n         \"fstype\": \"proc\"\n      }\n   ]\n}\n"),
	)
	It("writes a disk's partitions as its children, and booleans, numbers and nulls by column", func() {
		out := Run(NewHost("debian12"), "ops", `lsblk -J -b -o NAME,RM,SIZE,FSTYPE`).Stdout
		Expect(out).To(MatchRegexp(`(?s)^\{\n   "blockdevices": \[\n      \{\n         "name": "[a-z]+",\n         "rm": false,\n         "size": [0-9]+,\n         "fstype": null,\n         "children": \[\n            \{\n               "name": "[a-z]+1",`))
		Expect(Run(NewHost("debian11"), "ops", `lsblk -J -d -o NAME,RO`).Stdout).To(MatchRegexp(`^\{\n   "blockdevices": \[\n      \{"name":"[a-z]+", "ro":false\}\n`))
	})
	It("prints pairs under the columns' own names", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `findmnt -P -o TARGET,FSTYPE /proc; findmnt -P -o TARGET,USE%,SIZE /proc`).Stdout).
			To(Equal("TARGET=\"/proc\" FSTYPE=\"proc\"\nTARGET=\"/proc\" USE%=\"-\" SIZE=\"0\"\n"))
		Expect(Run(m, "ops", `lsblk -P -d -o NAME,MAJ:MIN | head -1 | cut -d' ' -f2 | cut -d= -f1`).Stdout).To(Equal("MAJ:MIN\n"))
	})
	It("sorts by a column with -x, and says so of an unknown one", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `lsblk -x SIZE -b -n -o SIZE | sort -c -n && echo sorted`).Stdout).To(Equal("sorted\n"))
		Expect(Run(m, "ops", `lsblk -x BOGUS -o NAME`)).To(Exited(1, "lsblk: unknown column: BOGUS\nTry 'lsblk --help' for more information.\n"))
	})
	It("leaves the filesystems with no blocks out of --df, and finds a mount point or the fstab's entries", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `findmnt -D /proc; echo st=$?; findmnt -n -o SOURCE --mountpoint /proc; findmnt -n -M /nosuch; echo st=$?; findmnt -s; echo st=$?`).Stdout).
			To(Equal("st=1\nproc\nst=1\nst=1\n"))
	})
	DescribeTable("prints the --help of its util-linux", func(personality, lines string) {
		Expect(Run(NewHost(personality), "ops", `lsblk --help | head -3; lsblk --help | wc -l`).Stdout).To(Equal("\nUsage:\n lsblk [options] [<device> ...]\n" + lines))
	},
		Entry("2.38.1", "debian12", "107\n"),
		Entry("2.36.1", "debian11", "95\n"),
	)
})
