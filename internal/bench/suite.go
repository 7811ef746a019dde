package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// suiteLabels are the label filters of the escalation suite's two targets.
var suiteLabels = map[string]string{
	"simulated host": "escalation && !container",
	"container":      "container && escalation",
}

func suiteFlags(key string) string {
	where, how, _ := strings.Cut(key, ", ")
	flags := fmt.Sprintf("--label-filter='%s'", suiteLabels[where])
	if how == "ginkgo -p" {
		flags = "-p " + flags
	}
	return flags
}

// escalationSuite times the escalation specs, serial and with ginkgo -p, on
// each target, from a suite compiled once so that compiling is not timed.
func escalationSuite(ctx context.Context, source, dir string, log func(string, ...any)) map[string]measured[time.Duration] {
	out := map[string]measured[time.Duration]{}
	fail := func(err error) map[string]measured[time.Duration] {
		for _, k := range suiteKeys {
			out[k] = result(time.Duration(0), err)
		}
		return out
	}
	if source == "" {
		return fail(notMeasured{"no source tree: run hostile bench from the module's root, or give --source"})
	}
	if _, err := os.Stat(filepath.Join(source, "suites")); err != nil {
		return fail(notMeasured{fmt.Sprintf("no suites folder in %s: run hostile bench from the module's root, or give --source", source)})
	}
	log("escalation suite: compiling ginkgo and the suites")
	// The suite reads its testdata relative to where it runs: it runs next to
	// a link to the source's.
	ginkgo, suite := filepath.Join(dir, "ginkgo"), filepath.Join(dir, "suites", "suites.test")
	testdata, err := filepath.Abs(filepath.Join(source, "suites", "testdata"))
	if err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Dir(suite), 0o755); err != nil {
		return fail(err)
	}
	if err := os.Symlink(testdata, filepath.Join(filepath.Dir(suite), "testdata")); err != nil {
		return fail(err)
	}
	for _, args := range [][]string{
		{"build", "-o", ginkgo, "github.com/onsi/ginkgo/v2/ginkgo"},
		{"test", "-c", "-o", suite, "./suites"},
	} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = source
		if b, err := cmd.CombinedOutput(); err != nil {
			return fail(fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, b))
		}
	}
	for _, k := range suiteKeys {
		log("escalation suite: %s", k)
		out[k] = result(runSuite(ctx, ginkgo, suite, k))
	}
	return out
}

var ranSpecs = regexp.MustCompile(`Ran (\d+) of \d+ Specs`)

// runSuite runs the compiled suite as key says and returns its wall time.
func runSuite(ctx context.Context, ginkgo, suite, key string) (time.Duration, error) {
	where, how, _ := strings.Cut(key, ", ")
	args := []string{"--no-color", "--label-filter=" + suiteLabels[where]}
	if how == "ginkgo -p" {
		args = append(args, "-p")
	}
	cmd := exec.CommandContext(ctx, ginkgo, append(args, suite)...)
	cmd.Dir = filepath.Dir(suite)
	begin := time.Now()
	b, err := cmd.CombinedOutput()
	took := time.Since(begin)
	m := ranSpecs.FindSubmatch(b)
	if m == nil && err == nil {
		return took, fmt.Errorf("ginkgo said nothing of specs run: %s", lastLines(b, 5))
	}
	if m != nil {
		if n, _ := strconv.Atoi(string(m[1])); n == 0 {
			return took, notMeasured{fmt.Sprintf("no spec matched %q (or all skipped)", suiteLabels[where])}
		}
	}
	if err != nil {
		return took, fmt.Errorf("%v: %s", err, lastLines(b, 5))
	}
	return took, nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}
