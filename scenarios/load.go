package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/simhost/faults"
)

//go:embed library/*.yaml
var library embed.FS

// libraryPrefix marks built-in scenarios in File and in messages.
const libraryPrefix = "library:"

// Names lists the built-in scenarios.
func Names() []string {
	entries, _ := fs.ReadDir(library, "library")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Library loads every built-in scenario.
func Library() ([]*Scenario, error) {
	var out []*Scenario
	var errs []error
	for _, name := range Names() {
		s, err := Get(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, s)
	}
	return out, errors.Join(errs...)
}

// Get loads a built-in scenario by name.
func Get(name string) (*Scenario, error) {
	data, err := library.ReadFile("library/" + name + ".yaml")
	if err != nil {
		msg := fmt.Sprintf("no built-in scenario %q", name)
		if near := faults.Nearest(name, Names()); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return nil, fmt.Errorf("%s; built-in: %s", msg, strings.Join(Names(), ", "))
	}
	return Parse(libraryPrefix+name, data)
}

// Open loads a scenario by built-in name or file path, as the CLI takes it.
func Open(nameOrFile string) (*Scenario, error) {
	if _, err := os.Stat(nameOrFile); err == nil || strings.ContainsAny(nameOrFile, "/\\") || strings.HasSuffix(nameOrFile, ".yaml") || strings.HasSuffix(nameOrFile, ".yml") {
		return Load(nameOrFile)
	}
	return Get(nameOrFile)
}

// textPrefix marks a scenario sent as text rather than read from a file (the
// control API's POST /hosts): it may extend only built-in scenarios, so that
// whoever sends it reads no file of the machine the lab runs on.
const textPrefix = "text:"

// ParseText loads a scenario sent as YAML text, named name in errors; its
// extends may only name a built-in scenario.
func ParseText(name string, data []byte) (*Scenario, error) {
	return Parse(textPrefix+name, data)
}

// Load reads a scenario file.
func Load(file string) (*Scenario, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Parse(file, data)
}

// Parse loads a scenario from its YAML text; file names it in errors and is
// where a relative extends is looked up.
func Parse(file string, data []byte) (*Scenario, error) {
	d := newDecoder()
	root, err := d.resolve(file, data, nil)
	if err != nil {
		return nil, err
	}
	s := &Scenario{File: file}
	d.decode(root, reflect.ValueOf(s).Elem(), "")
	s.Extends = d.extends // merging took it out
	if len(d.errs) == 0 {
		d.check(s)
		// Build the host too unless its description is already known to be
		// wrong, so validate shows every mistake at once.
		if !d.failedUnder("host", "generate") {
			d.checkBuild(s)
		}
	}
	if len(d.errs) > 0 {
		return nil, d.errs.inFileOrder(file)
	}
	return s, nil
}

// inFileOrder sorts the errors by line and column within each file, the
// scenario's own file first and its bases after it, whatever order the checks
// ran in.
func (es Errors) inFileOrder(top string) Errors {
	rank := map[string]int{top: 0}
	for _, e := range es {
		if _, ok := rank[e.File]; !ok {
			rank[e.File] = len(rank)
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return rank[a.File] < rank[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return es
}

// resolve parses file and merges it over its base, following extends; chain
// holds the files already on the way, to refuse a cycle.
func (d *decoder) resolve(file string, data []byte, chain []string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{explainSyntax(file, data, err)}
	}
	if dups := duplicateKeys(file, &doc, ""); len(dups) > 0 {
		return nil, dups
	}
	if len(doc.Content) == 0 {
		return nil, Errors{{File: file, Line: 1, Column: 1, Msg: "empty scenario: want a mapping with name, host, stimulus and expect"}}
	}
	root := doc.Content[0]
	d.claim(root, file)
	if root.Kind != yaml.MappingNode {
		return nil, Errors{{File: file, Line: root.Line, Column: root.Column, Msg: "want a mapping with name, host, stimulus and expect"}}
	}
	ext := valueOf(root, "extends")
	if ext == nil || ext.Value == "" {
		return root, nil
	}
	if len(chain) == 0 {
		d.extends = ext.Value
	}
	chain = append(chain, file)
	baseFile, baseData, err := findBase(file, ext.Value)
	if err != nil {
		return nil, Errors{{File: file, Line: ext.Line, Column: ext.Column, Field: "extends", Msg: err.Error()}}
	}
	for _, f := range chain {
		if f == baseFile {
			return nil, Errors{{File: file, Line: ext.Line, Column: ext.Column, Field: "extends",
				Msg: "cycle: " + strings.Join(append(chain, baseFile), " -> ")}}
		}
	}
	base, err := d.resolve(baseFile, baseData, chain)
	if err != nil {
		return nil, err
	}
	return merge(base, root), nil
}

// maxBaseSize bounds a base file; the library's largest is a few kilobytes.
const maxBaseSize = 1 << 20

// findBase finds a base scenario: a file next to the one extending it, or a
// built-in name.
func findBase(from, name string) (string, []byte, error) {
	looksLikeFile := strings.ContainsAny(name, "/\\") || strings.HasSuffix(name, ".yaml")
	if strings.HasPrefix(from, textPrefix) && looksLikeFile {
		return "", nil, fmt.Errorf("base %q: a scenario sent as text may extend only a built-in scenario (%s)", name, strings.Join(Names(), ", "))
	}
	if !strings.HasPrefix(from, libraryPrefix) && looksLikeFile {
		p := filepath.Join(filepath.Dir(from), name)
		// A base is a scenario file: never a device or a pipe that would
		// block the loader or feed it without end.
		info, err := os.Stat(p)
		switch {
		case err != nil:
			return "", nil, fmt.Errorf("base %q: %v", name, errors.Unwrap(err))
		case !info.Mode().IsRegular():
			return "", nil, fmt.Errorf("base %q is not a regular file", name)
		case info.Size() > maxBaseSize:
			return "", nil, fmt.Errorf("base %q is larger than a scenario can be (%d bytes)", name, info.Size())
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return "", nil, fmt.Errorf("base %q: %v", name, errors.Unwrap(err))
		}
		return p, data, nil
	}
	data, err := library.ReadFile(path.Join("library", name+".yaml"))
	if err != nil {
		msg := fmt.Sprintf("base %q does not exist", name)
		if near := faults.Nearest(name, Names()); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return "", nil, errors.New(msg + "; built-in: " + strings.Join(Names(), ", "))
	}
	return libraryPrefix + name, data, nil
}

// syntaxError turns the YAML parser's error into one with a position.
func syntaxError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		// yaml.v3 counts the parser's lines (not the scanner's) from 0, and
		// leaves line 0 out of its message.
		for _, p := range yamlParserErrors {
			if strings.HasPrefix(msg, p) {
				line++
				break
			}
		}
	}
	line = max(line, 1)
	return &Error{File: file, Line: line, Column: 1, Msg: "not valid YAML: " + msg}
}

// yamlParserErrors start the messages of yaml.v3's parser, as opposed to its scanner.
var yamlParserErrors = []string{"did not find expected ',' or", "did not find expected '-' indicator",
	"did not find expected key", "did not find expected node content", "did not find expected <",
	"found undefined tag handle", "found duplicate %", "found incompatible YAML document"}

// valueOf returns the value node of key in mapping m.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// mergeKeys are the lists whose items merge by a key rather than replace the
// base's list: a variant adds a user or a fault without restating the others.
var mergeKeys = map[string][]string{"users": {"name"}, "groups": {"name"}, "files": {"path"}, "generate": {"path"}, "mounts": {"path"}, "faults": {"name", "type"}}

// merge lays child over base: mappings merge key by key, the lists above merge
// item by item, anything else in child replaces base.
func merge(base, child *yaml.Node) *yaml.Node {
	if base.Kind != yaml.MappingNode || child.Kind != yaml.MappingNode {
		return child
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: child.Tag, Line: child.Line, Column: child.Column}
	out.Content = append(out.Content, base.Content...)
	for i := 0; i+1 < len(child.Content); i += 2 {
		key, val := child.Content[i], child.Content[i+1]
		if key.Value == "extends" {
			continue
		}
		j := indexOfKey(out, key.Value)
		switch {
		case j < 0:
			out.Content = append(out.Content, key, val)
		case mergeKeys[key.Value] != nil && val.Kind == yaml.SequenceNode && out.Content[j+1].Kind == yaml.SequenceNode:
			out.Content[j+1] = mergeList(out.Content[j+1], val, mergeKeys[key.Value])
		default:
			out.Content[j+1] = merge(out.Content[j+1], val)
		}
	}
	return out
}

func indexOfKey(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// mergeList replaces base items whose key matches a child item's and appends the rest.
func mergeList(base, child *yaml.Node, keys []string) *yaml.Node {
	keyOf := func(n *yaml.Node) string {
		if n.Kind != yaml.MappingNode {
			return ""
		}
		for _, k := range keys {
			if v := valueOf(n, k); v != nil && v.Value != "" {
				return v.Value
			}
		}
		return ""
	}
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: child.Tag, Line: child.Line, Column: child.Column}
	out.Content = append(out.Content, base.Content...)
	for _, item := range child.Content {
		k := keyOf(item)
		replaced := false
		for i, b := range out.Content {
			if k != "" && keyOf(b) == k {
				out.Content[i] = merge(b, item)
				replaced = true
				break
			}
		}
		if !replaced {
			out.Content = append(out.Content, item)
		}
	}
	return out
}
