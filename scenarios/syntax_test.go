package scenarios_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
)

var _ = Describe("a scenario file that is not valid YAML", func() {
	DescribeTable("is refused at the right line and column, with the key around and the likely cause",
		func(text, want string) {
			_, err := scenarios.Parse("s.yaml", []byte(text))
			Expect(err).To(MatchError(want))
		},
		Entry("a tab in the indentation",
			"name: x\nsummary: y\nhost:\n  personality: debian12\n\thostname: a\n",
			"s.yaml:5:1: host: not valid YAML: tab character used for indentation (YAML indents with spaces only)"),
		Entry("a key between its parent's and its siblings' indentation",
			"name: x\nsummary: y\nhost:\n  personality: debian12\n hostname: a\n",
			`s.yaml:5:2: host: not valid YAML: indentation does not line up with "host:" at line 3 (0 spaces) nor with the keys under it (2 spaces)`),
		Entry("a key indented under one that has a value",
			"name: x\nsummary: y\nhost:\n  personality: debian12\n    hostname: a\n",
			`s.yaml:5:5: host.personality: not valid YAML: indentation does not line up with "personality:" at line 4: "hostname:" is indented under it, but "personality" already has a value on its line`),
		Entry("a list item's key out of line",
			"name: x\nhost:\n  users:\n    - name: a\n     password: b\n",
			`s.yaml:5:6: host.users: not valid YAML: indentation does not line up with "- name:" at line 4 (4 spaces) nor with the keys under it (6 spaces)`),
		Entry("a flow mapping left open",
			"name: x\nhost: {personality: debian12\nstimulus: {operation: connect}\n",
			`s.yaml:2:7: host: not valid YAML: "{" opened here is not closed by "}" on its line (a flow mapping or list in a scenario fits on one line)`),
	)

	It("refuses every key given twice, naming both lines", func() {
		_, err := scenarios.Parse("s.yaml", []byte("name: x\nsummary: s\nhost:\n  hostname: a\nname: y\nhost:\n  users:\n    - {name: a, name: b}\n"))
		Expect(err).To(MatchError("s.yaml:5:1: name: given twice: at line 1 and again at line 5; keep one\n" +
			"s.yaml:6:1: host: given twice: at line 3 and again at line 6; keep one"))
		_, err = scenarios.Parse("s.yaml", []byte("name: x\nhost:\n  users:\n    - {name: a, name: b}\n"))
		Expect(err).To(MatchError("s.yaml:4:17: host.users[0].name: given twice: at line 4 column 8 and again at line 4 column 17; keep one"))
	})
})
