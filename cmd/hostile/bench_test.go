package main_test

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
)

var _ = Describe("hostile bench", func() {
	// A smoke test: a few of each figure, counted, with no time bound on the
	// benchmark (the node timeout only stops a run that never ends).
	It("measures a few of each figure with both clients, prints the table and writes a well-formed BENCHMARKS.md with profiles", func(ctx SpecContext) {
		dir := GinkgoT().TempDir()
		out, profiles := filepath.Join(dir, "BENCHMARKS.md"), filepath.Join(dir, "profiles")
		s := must(gexec.Start(exec.Command(hostile, "bench", "--quick", "--source", "", "--out", out, "--profiles", profiles), GinkgoWriter, GinkgoWriter))
		DeferCleanup(func() { s.Interrupt().Wait() })
		Eventually(ctx, s).WithTimeout(time.Hour).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(ContainSubstring("connections/s, serial, Go client"))
		Expect(string(s.Out.Contents())).To(ContainSubstring("connections/s, serial, OpenSSH client"))
		Expect(string(s.Out.Contents())).To(ContainSubstring("goal: a simulated host ready in under 5 ms"))

		md := string(must(os.ReadFile(out)))
		Expect(md).To(HavePrefix("# Benchmarks\n"))
		for _, machine := range []string{"| CPU | ", "| memory | ", "| kernel | Linux ", "| Go | go1.", "| load average", "**Load**: load average "} {
			Expect(md).To(ContainSubstring(machine))
		}
		tables := markdownTables(md)
		Expect(tables).To(HaveLen(3), "machine, goals, figures")
		for _, t := range tables {
			for _, row := range t[1:] {
				Expect(row).To(HaveLen(len(t[0])), "a row of the table headed %v", t[0])
			}
		}
		goals := tables[1][1:]
		Expect(goals).To(HaveLen(3))
		for _, g := range goals {
			Expect(g[2]).To(Or(Equal("met"), Equal("not met")), "goal %q", g[0])
		}
		figures := tables[2][1:]
		measured := MatchRegexp(`^[\d,.]+ /s \(\d+ in [\d.]+ s\), server CPU (under )?[\d.]+ ms each`)
		measuredOrNot := Or(measured, HavePrefix("not measured: "))
		for _, row := range []string{"connections/s, serial, Go client", "connections/s, 16 in parallel, OpenSSH client"} {
			Expect(figures).To(ContainElement(HaveExactElements(Equal(row), measured, measuredOrNot, measuredOrNot, measuredOrNot, Not(BeEmpty()))))
		}
		Expect(figures).To(ContainElement(HaveExactElements(HavePrefix("hung sessions: 20"),
			HavePrefix("20 held, "), Or(HavePrefix("20 held, "), HavePrefix("not measured: ")), Or(HavePrefix("20 held, "), HavePrefix("not measured: ")),
			HavePrefix("n/a: "), Not(BeEmpty()))))

		for _, p := range []string{"sim-connections.cpu.pprof", "sim-commands.cpu.pprof", "sim-hung.cpu.pprof", "sim-hung.heap.pprof"} {
			Expect(filepath.Join(profiles, p)).To(BeAnExistingFile())
		}
		_, err := user.Lookup("hostilebench")
		Expect(err).To(HaveOccurred(), "the dedicated sshd user is removed after the run")
	}, NodeTimeout(30*time.Minute))
})

// markdownTables splits md's tables into rows of trimmed cells, without the
// |---| separator rows.
func markdownTables(md string) [][][]string {
	var tables [][][]string
	var current [][]string
	for _, line := range append(strings.Split(md, "\n"), "") {
		if !strings.HasPrefix(line, "|") {
			if current != nil {
				tables = append(tables, current)
				current = nil
			}
			continue
		}
		if strings.HasPrefix(line, "|---") {
			continue
		}
		line = strings.ReplaceAll(line, `\|`, "\x00")
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(strings.ReplaceAll(c, "\x00", "|")))
		}
		current = append(current, cells)
	}
	return tables
}
