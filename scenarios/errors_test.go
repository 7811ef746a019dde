package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// writeFiles writes name -> text into a new directory and returns it.
func writeFiles(files map[string]string) string {
	GinkgoHelper()
	dir := GinkgoT().TempDir()
	for name, text := range files {
		Expect(os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)).To(Succeed())
	}
	return dir
}

// loadError loads the first file of files (named s.yaml) and returns the
// error with the directory taken out, as a user would read it from there.
func loadError(files map[string]string) string {
	GinkgoHelper()
	dir := writeFiles(files)
	_, err := scenarios.Load(filepath.Join(dir, "s.yaml"))
	Expect(err).To(HaveOccurred())
	return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
}

// valid is the smallest scenario that loads; the table breaks it one way at a time.
const valid = `name: t
summary: a test
host:
  personality: debian12
  users: [{name: app}]
stimulus:
  operation: connect
reference: {legacy: pass, hardened: pass}
`

func faultTypeNames() string {
	var names []string
	for _, t := range faults.Types() {
		names = append(names, t.Name)
	}
	return strings.Join(names, ", ")
}

var _ = Describe("a broken scenario file", func() {
	It("is fine unbroken", func() {
		dir := writeFiles(map[string]string{"s.yaml": valid})
		_, err := scenarios.Load(filepath.Join(dir, "s.yaml"))
		Expect(err).NotTo(HaveOccurred())
	})

	DescribeTable("is refused with every mistake at its file, line, column and field",
		func(files map[string]string, want func() string) {
			Expect(loadError(files)).To(Equal(want()))
		},
		Entry("bad YAML", map[string]string{"s.yaml": "name: t\nsummary: [a test\nhost: {}\n"},
			func() string {
				return `s.yaml:2:10: summary: not valid YAML: "[" opened here is not closed by "]" on its line (a flow mapping or list in a scenario fits on one line)`
			}),
		Entry("an unknown key, with the nearest known one",
			map[string]string{"s.yaml": strings.Replace(valid, "  operation: connect", "  operaton: connect", 1)},
			func() string {
				return `s.yaml:7:3: stimulus: unknown field "operaton" (did you mean "operation"?); known fields: args, binary, builds, command, concurrency, count, operation, path, timeout, user`
			}),
		Entry("a wrong type", map[string]string{"s.yaml": strings.Replace(valid, "users: [{name: app}]", "users: app", 1)},
			func() string { return `s.yaml:5:10: host.users: want a list, got "app"` }),
		Entry("an unknown fault type, with the nearest and every known one",
			map[string]string{"s.yaml": valid + "faults:\n  - type: no-banr\n"},
			func() string {
				return `s.yaml:10:11: faults[0].type: unknown fault type "no-banr" (did you mean "no-banner"?); known types: ` + faultTypeNames()
			}),
		Entry("a bad duration", map[string]string{"s.yaml": valid + "expect:\n  settle: 10 seconds\n"},
			func() string {
				return `s.yaml:10:11: expect.settle: "10 seconds" is not a duration such as 30s or 150ms`
			}),
		Entry("a time budget in seconds, which a busy machine misses", map[string]string{"s.yaml": valid + "expect:\n  within: 10s\n"},
			func() string {
				return `s.yaml:10:3: expect.within: a time budget in seconds is no longer accepted: a busy machine misses it with nothing wrong; ` +
					`write within_factor (a multiple of the time the same operations take on the scenario's healthy twin), ` +
					`or nothing: a product that hangs is caught from the host's evidence (blocked on input, no progress)`
			}),
		Entry("a within_factor below 1", map[string]string{"s.yaml": valid + "expect:\n  within_factor: 0.5\n"},
			func() string {
				return `s.yaml:10:18: expect.within_factor: 0.5 must be 1 or more: a multiple of the healthy twin's time`
			}),
		Entry("a missing user", map[string]string{"s.yaml": strings.Replace(valid, "  operation: connect", "  operation: connect\n  user: oracle", 1)},
			func() string { return `s.yaml:8:9: stimulus.user: no user "oracle" on the host` }),
		Entry("a generated file owned by a missing user, at its generate entry",
			map[string]string{"s.yaml": valid + "generate:\n  - {path: \"/tmp/f{n}\", count: 3, owner: oracle}\n"},
			func() string { return `s.yaml:10:42: generate[0].owner: no user "oracle"` }),
		Entry("a base that does not exist", map[string]string{"s.yaml": "extends: healthy-debain12\nname: t\n"},
			func() string {
				return `s.yaml:1:10: extends: base "healthy-debain12" does not exist (did you mean "healthy-debian12"?); built-in: ` +
					strings.Join(scenarios.Names(), ", ")
			}),
		Entry("a cycle in bases", map[string]string{
			"s.yaml": "name: s\nextends: b.yaml\n",
			"b.yaml": "name: b\nextends: c.yaml\n",
			"c.yaml": "name: c\nextends: s.yaml\n",
		}, func() string { return "c.yaml:2:10: extends: cycle: s.yaml -> b.yaml -> c.yaml -> s.yaml" }),
		Entry("a bad fault parameter", map[string]string{"s.yaml": valid + "faults:\n  - type: latency\n    params: {delay: fast}\n"},
			func() string {
				return `s.yaml:11:21: faults[0].params.delay: "fast" is not a duration such as 2s or 150ms`
			}),
		Entry("an unknown fault parameter, with the nearest known one",
			map[string]string{"s.yaml": valid + "faults:\n  - type: latency\n    params: {dealy: 1s}\n"},
			func() string {
				return `s.yaml:11:21: faults[0].params.dealy: unknown parameter, did you mean "delay"? (known: delay, jitter, direction)`
			}),
		Entry("several mistakes, all of them, in file order",
			map[string]string{"s.yaml": "name: T\nsummary: a test\nhost:\n  personality: debian13\n  users: [{name: app}]\nstimulus:\n  operation: conect\nreference: {legacy: maybe, hardened: maybe}\n"},
			func() string {
				return strings.Join([]string{
					`s.yaml:1:7: name: "T" must be lower-case words joined by dashes, like rm-alias-solaris`,
					`s.yaml:4:16: host.personality: unknown personality "debian13" (did you mean "debian11"?)`,
					`s.yaml:7:14: stimulus.operation: unknown operation "conect" (did you mean "connect"?); known: run, remove-file, list-physical-volumes, push-binary, connect`,
					`s.yaml:8:21: reference.legacy: "maybe" must be pass or fail`,
					`s.yaml:8:38: reference.hardened: "maybe" must be pass or fail`,
				}, "\n")
			}),
	)
})
