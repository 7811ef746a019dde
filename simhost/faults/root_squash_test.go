package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("root-squash", func() {
	It("denies root where the directory's owner may write, as an NFS export does (the 004 share)", func() {
		h := startHost(machine.Description{
			Users: []machine.User{{Name: "root"}, {Name: "vdsm", UID: 36}},
			Files: []machine.File{
				{Path: "/export/nfs", Dir: true, Owner: "vdsm", Mode: 0o755},
				{Path: "/export/nfs/open", Dir: true, Owner: "vdsm", Mode: 0o777},
			},
		}, faults.Spec{Type: "root-squash", Params: map[string]any{"path": "/export/nfs"}})

		s := run(h, "root", "touch /export/nfs/x")
		Expect(s.ExitCode()).To(Equal(1))
		Expect(string(s.Err.Contents())).To(Equal("touch: cannot touch '/export/nfs/x': Permission denied\n"))
		Expect(run(h, "vdsm", "touch /export/nfs/y").ExitCode()).To(Equal(0))

		// What root makes where anyone may write belongs to nobody.
		Expect(run(h, "root", "touch /export/nfs/open/z; touch /tmp/z").ExitCode()).To(Equal(0))
		Expect(must(h.Machine().FS.Stat(vfs.Root, "/export/nfs/open/z")).UID).To(Equal(65534))
		Expect(must(h.Machine().FS.Stat(vfs.Root, "/tmp/z")).UID).To(Equal(0))

		Expect(h.Faults().Remove("root-squash")).To(Succeed())
		Expect(run(h, "root", "touch /export/nfs/x").ExitCode()).To(Equal(0))
	})

	It("refuses uid 0 as the anonymous user, naming the parameter", func() {
		_, err := faults.Compile(faults.Spec{Type: "root-squash", Params: map[string]any{"anonuid": 0}})
		Expect(err).To(MatchError(`fault "root-squash": anonuid: 0 is outside 1..2147483647`))
	})
})
