package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/events"
	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "lab-bug", Run: func(*shell.Proc) int { panic("boom") }})
}

var _ = Describe("an emulated program with a bug", func() {
	It("fails alone, as a crashed program does, while its shell and host carry on", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "lab-bug | cat; lab-bug; echo still here $?")).To(Equal(Result{
			Stdout: "still here 139\n",
			Stderr: "hostile: lab-bug crashed, a bug in the lab: boom (the host's event log has the stack)\n" +
				"hostile: lab-bug crashed, a bug in the lab: boom (the host's event log has the stack)\n",
		}))
		Expect(m.Log.OfKind(events.Error)).To(HaveEach(And(
			HaveField("Argv", []string{"lab-bug"}), HaveField("Exit", 139),
			HaveField("Detail", And(HavePrefix("panic in lab-bug: boom\n"), ContainSubstring("crash_test.go"))))))
		Expect(m.Log.OfKind(events.Error)).To(HaveLen(2))
	})
})
