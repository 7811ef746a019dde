package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/personality"
)

var scenarioName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

var operations = []string{OpRun, OpRemoveFile, OpListPVs, OpPushBinary, OpConnectCheck}

// arches are those a pushed binary can be built for (harness.BuildBinary).
var arches = []string{string(elfbin.X86_64), string(elfbin.AArch64), string(elfbin.Sparc), string(elfbin.SparcV9)}

// check finds what the YAML shape cannot: names that must exist, values that
// must fit together. Every error points at the field's line and column.
func (d *decoder) check(s *Scenario) {
	if !scenarioName.MatchString(s.Name) {
		d.failAt("name", "%q must be lower-case words joined by dashes, like rm-alias-solaris", s.Name)
	}
	if s.Summary == "" {
		d.failAt("summary", "missing: one line saying what misbehaves")
	}
	d.expandGenerate(s)
	d.checkHost(&s.Host)
	for i, spec := range s.Faults {
		field := fmt.Sprintf("faults[%d]", i)
		if _, err := faults.Compile(spec); err != nil {
			var pe *faults.ParamError
			if errors.As(err, &pe) {
				param := pe.Param
				if !strings.HasPrefix(param, "scope.") && param != "probability" {
					param = "params." + param
				}
				d.failAt(field+"."+param, "%s", pe.Msg)
			} else {
				d.failAt(field+".type", "%v", err)
			}
		}
		for _, u := range strings.Split(spec.Scope.User, ",") {
			if u != "" && !hasUser(s.Host, u) {
				d.failAt(field+".scope.user", "no user %q on the host", u)
			}
		}
	}
	d.checkStimulus(s)
	d.checkExpect(&s.Expect)
	for field, v := range map[string]Result{"reference.legacy": s.Reference.Legacy, "reference.hardened": s.Reference.Hardened} {
		if v != Pass && v != Fail {
			d.failAt(field, "%q must be pass or fail", v)
		}
	}
}

func (d *decoder) checkHost(h *machine.Description) {
	if h.Personality == "" {
		d.failAt("host.personality", "missing (known: %s)", strings.Join(personality.Names(), ", "))
	} else if _, err := personality.Lookup(h.Personality); err != nil {
		msg := err.Error()
		if near := faults.Nearest(h.Personality, personality.Names()); near != "" {
			msg = fmt.Sprintf("unknown personality %q (did you mean %q?)", h.Personality, near)
		}
		d.failAt("host.personality", "%s", msg)
	}
	if err := h.Validate(); err != nil {
		var fe *machine.FieldError
		if errors.As(err, &fe) {
			d.failAt(d.hostField(fe.Field), "%s", fe.Msg)
		} else {
			d.failAt("host", "%v", err)
		}
	}
}

func (d *decoder) checkStimulus(s *Scenario) {
	st := &s.Stimulus
	if !contains(operations, st.Operation) {
		msg := fmt.Sprintf("unknown operation %q", st.Operation)
		if near := faults.Nearest(st.Operation, operations); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		d.failAt("stimulus.operation", "%s; known: %s", msg, strings.Join(operations, ", "))
	}
	if st.User != "" && !hasUser(s.Host, st.User) {
		d.failAt("stimulus.user", "no user %q on the host", st.User)
	}
	if st.User == "" {
		st.User = firstUser(s.Host)
	}
	switch st.Operation {
	case OpRun:
		if st.Command == "" {
			d.failAt("stimulus.command", "missing: the command line to run")
		}
	case OpRemoveFile:
		if !strings.HasPrefix(st.Path, "/") {
			d.failAt("stimulus.path", "%q must be an absolute path", st.Path)
		}
	case OpPushBinary:
		if !strings.HasPrefix(st.Path, "/") {
			d.failAt("stimulus.path", "%q must be an absolute path", st.Path)
		}
		d.checkBinary("stimulus.binary", st.Binary)
		for i, b := range st.Builds {
			d.checkBinary(fmt.Sprintf("stimulus.builds[%d]", i), b)
		}
	}
	if st.Count == 0 {
		st.Count = 1
	}
	if st.Concurrency == 0 {
		st.Concurrency = 1
	}
	if st.Count < 1 || st.Count > 100000 {
		d.failAt("stimulus.count", "%d is outside 1..100000", st.Count)
	}
	if st.Concurrency < 1 || st.Concurrency > st.Count {
		d.failAt("stimulus.concurrency", "%d is outside 1..count (%d)", st.Concurrency, st.Count)
	}
	if st.Timeout < 0 {
		d.failAt("stimulus.timeout", "%s is negative", st.Timeout)
	}
}

func (d *decoder) checkBinary(field string, b BinarySpec) {
	if !contains(arches, b.Arch) {
		d.failAt(field+".arch", "%q is not one of %s", b.Arch, strings.Join(arches, ", "))
	}
	if !b.Static && !strings.HasPrefix(b.Libc, "GLIBC_2.") && !strings.HasPrefix(b.Libc, "SUNW_1.") {
		d.failAt(field+".libc", "%q is not a libc version such as GLIBC_2.34 or SUNW_1.23", b.Libc)
	}
}

func (d *decoder) checkExpect(e *Expect) {
	if e.Outcome != "" && e.Outcome != OutcomeSuccess && e.Outcome != OutcomeError {
		d.failAt("expect.outcome", "%q must be success or error", e.Outcome)
	}
	if e.Settle < 0 {
		d.failAt("expect.settle", "%s is negative", e.Settle)
	}
	if e.WithinFactor < 0 || (e.WithinFactor > 0 && e.WithinFactor < 1) {
		d.failAt("expect.within_factor", "%g must be 1 or more: a multiple of the healthy twin's time", e.WithinFactor)
	}
	if e.MaxOpenSessions != nil && *e.MaxOpenSessions < 0 {
		d.failAt("expect.max_open_sessions", "%d is negative", *e.MaxOpenSessions)
	}
}

func hasUser(h machine.Description, name string) bool {
	if name == "root" {
		return true
	}
	for _, u := range h.Users {
		if u.Name == name {
			return true
		}
	}
	return false
}

func firstUser(h machine.Description) string {
	for _, u := range h.Users {
		if u.Name != "root" {
			return u.Name
		}
	}
	return "root"
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
