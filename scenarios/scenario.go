// Package scenarios is the scenario format: one file says everything about one
// escalation (the host, its faults, what the product is asked to do, what a
// correct product achieves), loaded with errors that name the file, line, column
// and field. Nothing else in the lab reads scenario files; the built-in library
// is embedded in the binary.
package scenarios

import (
	"io/fs"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// Scenario is one escalation as the lab replays it.
type Scenario struct {
	Name    string
	Summary string
	// Story is the field escalation it comes from, in a line or two.
	Story string
	// Extends names a base scenario (a library name or a file relative to this
	// one) whose fields this one overrides.
	Extends string
	Host    machine.Description
	// Generate makes many similar files on the host (900 archived logs); after
	// loading they are in Host.Files, after the files given one by one.
	Generate  []Generate
	Faults    []faults.Spec
	Stimulus  Stimulus
	Expect    Expect
	Reference Reference

	// File is where the scenario was loaded from ("library:NAME" for built-ins).
	File string `yaml:"-"`

	// generated counts the files at the end of Host.Files that Generate made.
	generated int
}

// Generate is a family of files: {n} in Path and Content becomes 1..Count.
type Generate struct {
	Path    string
	Count   int
	Content string
	Mode    fs.FileMode // 0644 when zero
	Owner   string      // root when empty
	Group   string      // the owner's group when empty
}

// Operations a stimulus can ask of the product, as a product's remote layer offers them.
const (
	OpRun          = "run"                   // run a command line, read its output and status
	OpRemoveFile   = "remove-file"           // delete a file (the LogSync clean-up of 001)
	OpListPVs      = "list-physical-volumes" // `sudo -n pvs ...` and parse it (vdsm, 004)
	OpPushBinary   = "push-binary"           // copy a helper binary over and run it (000)
	OpConnectCheck = "connect"               // just open a connection and log in
)

// Stimulus is what the product is asked to do against the host.
type Stimulus struct {
	Operation string
	// User the product logs in as; the first non-root user of the host when empty.
	User string
	// Command is the command line for run.
	Command string
	// Path is the file for remove-file, or where push-binary puts the binary. In
	// a repeated stimulus, {n} becomes the repetition's number (1..Count).
	Path string
	// Binary describes the helper binary push-binary sends; Builds are the other
	// builds a product may carry to choose from.
	Binary BinarySpec
	Builds []BinarySpec
	// Args are the arguments push-binary runs the binary with.
	Args []string
	// Count repeats the operation; Concurrency runs that many at once.
	Count       int
	Concurrency int
	// Timeout is how long the harness waits with no progress at all (no
	// operation finished, the host did no work) before it gives up on the
	// product; 10s when zero. It is not a budget for the operations: on a busy
	// machine they run slower, and the harness waits as long as they progress.
	Timeout faults.Duration
}

// BinarySpec is an executable made to order (see internal/elfbin).
type BinarySpec struct {
	// Arch is x86_64, aarch64, sparc (32-bit SPARC V8+) or sparcv9.
	Arch string
	// Libc is the newest libc symbol version it needs: GLIBC_2.34, SUNW_1.23.
	Libc string
	// Static binaries need no libc at all.
	Static bool
}

// Expect is what a correct product achieves.
type Expect struct {
	// WithinFactor bounds the stimulus's time as a multiple of the time the
	// same client takes for the same stimulus on the scenario's healthy twin
	// (its host without faults or rc files), on the same kind of target in the
	// same run; 0 does not check. There is no bound in seconds: a busy machine
	// would miss it without anything being wrong.
	WithinFactor float64
	// MaxOpenSessions is the most sessions left open on the host once the
	// stimulus ended; nil does not check. The sessions are counted until
	// there are few enough, or until the count has not gone down for Settle
	// (1s when zero).
	MaxOpenSessions *int
	Settle          faults.Duration
	// FilesAbsent and FilesPresent are globs on the host's filesystem.
	FilesAbsent  []string
	FilesPresent []string
	// Outcome is OutcomeSuccess when every operation must succeed,
	// OutcomeError when a correct product reports an error instead; empty
	// does not check.
	Outcome Outcome
	// ErrorMentions are texts the reported error must contain (the cause, named).
	ErrorMentions []string
	// Volumes are the physical volumes list-physical-volumes must return.
	Volumes []Volume
	// Stdout and ExitStatus are what run must return.
	Stdout     *string
	ExitStatus *int
}

// Volume is one parsed physical volume.
type Volume struct {
	Name string
	VG   string
}

// Reference is the verdict each profile of the reference product client must
// get: Pass or Fail. Legacy is the client as shipped when the escalation
// hit, hardened the one with the fixes.
type Reference struct {
	Legacy   Result
	Hardened Result
}

// Result is what a replay of a scenario comes to.
type Result string

const (
	Pass    Result = "pass"
	Fail    Result = "fail"
	Skipped Result = "skipped" // the target cannot express the scenario
	Errored Result = "error"   // the replay itself could not be done
)

// Outcome is what a correct product's operations come to.
type Outcome string

const (
	OutcomeSuccess Outcome = "success" // every operation succeeds
	OutcomeError   Outcome = "error"   // every operation reports an error
)
