package scenarios_test

import (
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("extends", func() {
	base := `name: base
summary: the base
story: the base's story
host:
  personality: rhel7
  hostname: rhvh01
  users:
    - {name: vdsm, password: vdsm, groups: [qemu]}
    - {name: app, password: app}
  sudoers: ["vdsm ALL=(ALL) NOPASSWD: ALL"]
  files:
    - {path: /etc/motd, content: "hello\n"}
faults:
  - {name: slow, type: latency, params: {delay: 100ms}}
stimulus:
  operation: list-physical-volumes
expect:
  within_factor: 2.5
  outcome: success
reference: {legacy: pass, hardened: pass}
`

	It("lays a variant over its base: mappings key by key, users, files and faults item by item, other lists replaced", func() {
		dir := writeFiles(map[string]string{"base.yaml": base, "s.yaml": `name: variant
extends: base.yaml
summary: the variant
host:
  hostname: rhvh02
  users:
    - {name: vdsm, shell: /bin/ksh}
    - {name: oracle}
  sudoers: ["Defaults requiretty"]
  files:
    - {path: /etc/motd, content: "changed\n"}
    - {path: /etc/issue, content: "new\n"}
faults:
  - {name: slow, type: latency, params: {delay: 2s}}
  - {type: no-exit-status}
expect:
  outcome: error
reference: {legacy: fail}
`})
		s, err := scenarios.Load(filepath.Join(dir, "s.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(s.Name).To(Equal("variant"))
		Expect(s.Story).To(Equal("the base's story"))
		Expect(s.Extends).To(Equal("base.yaml"))
		Expect(s.Host.Personality).To(Equal("rhel7"))
		Expect(s.Host.Hostname).To(Equal("rhvh02"))
		Expect(s.Host.Users).To(Equal([]machine.User{
			{Name: "vdsm", Password: "vdsm", Groups: []string{"qemu"}, Shell: "/bin/ksh"},
			{Name: "app", Password: "app"},
			{Name: "oracle"},
		}))
		Expect(s.Host.Sudoers).To(Equal([]string{"Defaults requiretty"}))
		Expect(s.Host.Files).To(Equal([]machine.File{{Path: "/etc/motd", Content: "changed\n"}, {Path: "/etc/issue", Content: "new\n"}}))
		Expect(s.Faults).To(Equal([]faults.Spec{
			{Name: "slow", Type: "latency", Params: map[string]any{"delay": "2s"}},
			{Type: "no-exit-status"},
		}))
		Expect(s.Stimulus.Operation).To(Equal(scenarios.OpListPVs))
		Expect(s.Stimulus.User).To(Equal("vdsm"), "the first non-root user, from the base")
		Expect(s.Expect.WithinFactor).To(Equal(2.5))
		Expect(s.Expect.Outcome).To(Equal(scenarios.OutcomeError))
		Expect(s.Reference).To(Equal(scenarios.Reference{Legacy: "fail", Hardened: "pass"}))
	})

	It("points at the file that holds a mistake, base or variant", func() {
		Expect(loadError(map[string]string{
			"base.yaml": base + "generate:\n  - {path: /tmp/x, count: 2}\n",
			"s.yaml":    "name: variant\nextends: base.yaml\nhost:\n  users: [{name: Bad}]\n",
		})).To(Equal("s.yaml:4:18: host.users[2].name: \"Bad\" is not a valid user name (lower case letters, digits, _ . -)\n" +
			"base.yaml:22:12: generate[0].path: \"/tmp/x\" must hold {n}, the file's number, or all 2 files get the same name"))
	})

	It("extends built-in scenarios by name: the library's variants differ from their baselines only where they say", func() {
		for variant, baseline := range map[string]string{"sudo-pam-lastlog": "healthy-rhel7", "old-glibc-push": "healthy-debian11", "old-libc-solaris": "healthy-solaris10"} {
			v, b := get(variant), get(baseline)
			Expect(v.Extends).To(Equal(baseline))
			Expect(v.Host).To(Equal(b.Host), variant)
		}
		Expect(get("sudo-pam-lastlog").Expect).To(Equal(get("healthy-rhel7").Expect))
		Expect(get("old-glibc-push").Stimulus.Builds).To(Equal([]scenarios.BinarySpec{{Arch: "x86_64", Libc: "GLIBC_2.28"}}))
	})
})

var _ = Describe("generate", func() {
	It("makes count files after the ones given, {n} in path and content numbered from 1", func() {
		_, err := scenarios.Parse("s.yaml", []byte(valid+`generate:
  - {path: "/data/f{n}.log", count: 3, content: "file {n}\n", owner: app, group: adm, mode: "0640"}
host:
  files: [{path: /data, dir: true}]
`))
		Expect(err).To(HaveOccurred(), "host is given twice")
		s, err := scenarios.Parse("s.yaml", []byte(`name: t
summary: a test
host:
  personality: debian12
  users: [{name: app}]
  files: [{path: /data, dir: true}]
generate:
  - {path: "/data/f{n}.log", count: 3, content: "file {n}\n", owner: app, group: adm, mode: "0640"}
stimulus: {operation: connect}
reference: {legacy: pass, hardened: pass}
`))
		Expect(err).NotTo(HaveOccurred())
		Expect(s.Host.Files).To(Equal([]machine.File{
			{Path: "/data", Dir: true},
			{Path: "/data/f1.log", Content: "file 1\n", Owner: "app", Group: "adm", Mode: 0o640},
			{Path: "/data/f2.log", Content: "file 2\n", Owner: "app", Group: "adm", Mode: 0o640},
			{Path: "/data/f3.log", Content: "file 3\n", Owner: "app", Group: "adm", Mode: 0o640},
		}))
	})

	DescribeTable("refuses an entry that cannot make its files, at that entry",
		func(entry, want string) {
			Expect(loadError(map[string]string{"s.yaml": valid + "generate:\n  - " + entry + "\n"})).To(Equal(want))
		},
		Entry("no count", `{path: "/tmp/f{n}"}`, `s.yaml:10:5: generate[0].count: 0 is outside 1..2000 (all generate entries together)`),
		Entry("too many", `{path: "/tmp/f{n}", count: 2001}`, `s.yaml:10:32: generate[0].count: 2001 is outside 1..2000 (all generate entries together)`),
		Entry("no {n}", `{path: /tmp/f, count: 2}`, `s.yaml:10:12: generate[0].path: "/tmp/f" must hold {n}, the file's number, or all 2 files get the same name`),
		Entry("a relative path", `{path: "tmp/f{n}", count: 2}`, `s.yaml:10:12: generate[0].path: "tmp/f1" must be an absolute path`),
		Entry("a bad mode", `{path: "/tmp/f{n}", count: 2, mode: "0999"}`, `s.yaml:10:41: generate[0].mode: "0999" is not an octal mode such as "0644"`),
		Entry("an unknown group", `{path: "/tmp/f{n}", count: 2, group: oinstal}`, `s.yaml:10:42: generate[0].group: no group "oinstal"`),
	)
})

var _ = Describe("WithOps", func() {
	It("adds ops as a twin of the 001 story user: same shell, rc file and groups, plus oracle's own group", func() {
		s := get("rm-alias-solaris")
		o := s.WithOps()
		Expect(o.Host.Users).To(HaveLen(2))
		ops := o.Host.Users[1]
		Expect(ops).To(Equal(machine.User{Name: "ops", Password: "ops", Shell: "/bin/ksh",
			Groups: []string{"oinstall", "dba", "oracle"}, RC: s.Host.Users[0].RC}))
		Expect(o.Stimulus.User).To(Equal("oracle"))
		Expect(s.Host.Users).To(HaveLen(1), "the scenario itself is left alone")
	})

	It("duplicates the story user's sudoers lines and widens the faults scoped to it", func() {
		o := get("sudo-pam-lastlog").WithOps()
		Expect(o.Host.Sudoers).To(Equal([]string{"Defaults:vdsm !requiretty", "vdsm ALL=(ALL) NOPASSWD: ALL",
			"Defaults:ops !requiretty", "ops ALL=(ALL) NOPASSWD: ALL"}))
		Expect(o.Faults[0].Scope.User).To(Equal("vdsm,ops"))
		Expect(o.Host.Users[1]).To(Equal(machine.User{Name: "ops", Password: "ops", GID: 36, Shell: "/bin/bash", Groups: []string{"qemu"}}))
		Expect(get("sudo-pam-lastlog").Faults[0].Scope.User).To(Equal("vdsm"))
	})

	It("lets ops sudo to root without a password when the story user is root", func() {
		o := get("rhel-root-aliases").WithOps()
		Expect(o.Host.Sudoers).To(ContainElement("ops ALL=(ALL) NOPASSWD: ALL"))
		Expect(o.Faults[0].Scope.User).To(Equal("root,ops"))
		Expect(o.Host.Users[1].Groups).To(BeEmpty())
	})

	It("keeps an ops the scenario has, giving it the password ops only when it has none", func() {
		s, err := scenarios.Parse("s.yaml", []byte(`name: t
summary: a test
host:
  personality: debian12
  users: [{name: app}, {name: ops, shell: /bin/sh}]
stimulus: {operation: connect}
reference: {legacy: pass, hardened: pass}
`))
		Expect(err).NotTo(HaveOccurred())
		o := s.WithOps()
		Expect(o.Host.Users).To(Equal([]machine.User{{Name: "app"}, {Name: "ops", Shell: "/bin/sh", Password: "ops"}}))
		Expect(s.Host.Users[1].Password).To(BeEmpty())
	})
})
