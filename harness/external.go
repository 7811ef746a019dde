package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/scenarios"
)

// External adapts any product with a command line: a YAML file maps each
// operation to a command template, so a client in any language can be
// replayed. Exit status 0 is success; anything else is an error carrying stderr.
//
//	name: openssh
//	timeout: 30s          # each command, killed after (0: none)
//	operations:
//	  run: [ssh, -p, "{{.Port}}", -i, "{{.IdentityFile}}", "{{.User}}@{{.Host}}", "{{.Command}}"]
//	  remove-file: [ssh, ..., "rm -f {{.Path}}"]
//	  list-physical-volumes: [ssh, ..., "sudo -n pvs --noheadings -o pv_name,vg_name"]
//	  push-binary: [sh, -c, "scp ... {{.Binary}} {{.User}}@{{.Host}}:{{.Path}} && ssh ... {{.Path}}"]
//	volume_pattern: '^\s*(/dev/\S+)\s+(\S+)\s*$'   # how to read volumes from stdout
type External struct {
	name       string
	timeout    time.Duration
	operations map[string][]*template.Template
	volumes    *regexp.Regexp

	mu  sync.Mutex
	dir string // where binaries to push are written
}

// externalFile is the YAML form.
type externalFile struct {
	Name          string              `yaml:"name"`
	Timeout       string              `yaml:"timeout"`
	Operations    map[string][]string `yaml:"operations"`
	VolumePattern string              `yaml:"volume_pattern"`
}

// LoadExternal reads an external client's YAML file.
func LoadExternal(file string) (*External, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var f externalFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	e := &External{name: f.Name, operations: map[string][]*template.Template{}}
	if e.name == "" {
		e.name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	if f.Timeout != "" {
		if e.timeout, err = time.ParseDuration(f.Timeout); err != nil {
			return nil, fmt.Errorf("%s: timeout: %q is not a duration such as 30s", file, f.Timeout)
		}
	}
	pattern := f.VolumePattern
	if pattern == "" {
		pattern = `^\s*(/dev/\S+)\s+(\S+)`
	}
	if e.volumes, err = regexp.Compile(pattern); err != nil {
		return nil, fmt.Errorf("%s: volume_pattern: %v", file, err)
	}
	for op, argv := range f.Operations {
		if !isOperation(op) {
			return nil, fmt.Errorf("%s: operations.%s: not an operation (known: %s, %s, %s, %s, %s)", file, op,
				scenarios.OpRun, scenarios.OpRemoveFile, scenarios.OpListPVs, scenarios.OpPushBinary, scenarios.OpConnectCheck)
		}
		if len(argv) == 0 {
			return nil, fmt.Errorf("%s: operations.%s: empty command", file, op)
		}
		for i, arg := range argv {
			t, err := template.New(op).Option("missingkey=error").Parse(arg)
			if err != nil {
				return nil, fmt.Errorf("%s: operations.%s[%d]: %v", file, op, i, err)
			}
			e.operations[op] = append(e.operations[op], t)
		}
	}
	return e, nil
}

func isOperation(op string) bool {
	switch op {
	case scenarios.OpRun, scenarios.OpRemoveFile, scenarios.OpListPVs, scenarios.OpPushBinary, scenarios.OpConnectCheck:
		return true
	}
	return false
}

func (e *External) Name() string { return e.name }

func (e *External) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir != "" {
		return os.RemoveAll(e.dir)
	}
	return nil
}

// templateData is what the command templates see.
type templateData struct {
	Host, User, Password, IdentityFile string
	Port                               int
	Command, Path, Binary              string
	Args                               []string
	N                                  int
}

func (e *External) Do(ctx context.Context, t Target, st scenarios.Stimulus, n int) OpResult {
	start := time.Now()
	r := e.do(ctx, t, st, n)
	r.Took = time.Since(start)
	return r
}

func (e *External) do(ctx context.Context, t Target, st scenarios.Stimulus, n int) OpResult {
	tmpl, ok := e.operations[st.Operation]
	if !ok {
		return OpResult{Err: fmt.Errorf("the client %s has no command for %s", e.name, st.Operation)}
	}
	host, port, _ := net.SplitHostPort(t.Addr())
	cred := t.Credentials(st.User)
	data := templateData{Host: host, User: cred.User, Password: cred.Password, IdentityFile: cred.IdentityFile,
		Command: st.Command, Path: Expand(st.Path, n), Args: st.Args, N: n}
	data.Port, _ = strconv.Atoi(port)
	if st.Operation == scenarios.OpPushBinary {
		bin, err := e.writeBinary(st.Binary, n)
		if err != nil {
			return OpResult{Err: err}
		}
		data.Binary = bin
	}
	argv := make([]string, len(tmpl))
	for i, t := range tmpl {
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			return OpResult{Err: fmt.Errorf("the client %s: %v", e.name, err)}
		}
		argv[i] = b.String()
	}
	if e.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = time.Second
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := OpResult{Stdout: out.String(), Stderr: errOut.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		r.Exit = exitErr.ExitCode()
		r.Err = fmt.Errorf("%s exited %d: %s", filepath.Base(argv[0]), r.Exit, strings.TrimSpace(r.Stderr))
	default:
		r.Exit = -1
		r.Err = fmt.Errorf("%s: %v", filepath.Base(argv[0]), err)
	}
	if st.Operation == scenarios.OpListPVs && r.Err == nil {
		for _, line := range strings.Split(r.Stdout, "\n") {
			if m := e.volumes.FindStringSubmatch(line); len(m) == 3 {
				r.Volumes = append(r.Volumes, scenarios.Volume{Name: m[1], VG: m[2]})
			}
		}
	}
	return r
}

// writeBinary puts the binary a push-binary stimulus describes in a local file.
func (e *External) writeBinary(b scenarios.BinarySpec, n int) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir == "" {
		dir, err := os.MkdirTemp("", "hostile-external-")
		if err != nil {
			return "", err
		}
		e.dir = dir
	}
	data, err := BuildBinary(b)
	if err != nil {
		return "", err
	}
	p := filepath.Join(e.dir, fmt.Sprintf("helper-%d", n))
	return p, os.WriteFile(p, data, 0o755)
}
