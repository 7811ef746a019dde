package scenarios

import (
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Error is one mistake in a scenario file, where it is and what is wrong.
type Error struct {
	File   string
	Line   int
	Column int
	Field  string // "host.users[1].password"
	Msg    string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Column, e.Field, e.Msg)
}

// Errors are every mistake found in one load, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// decoder turns YAML nodes into Go values by reflection, field names being the
// snake_case of the Go names, and remembers where each field was so later checks
// can point at it. Unknown keys are errors with the nearest known name.
type decoder struct {
	files map[*yaml.Node]string // which file each node came from (bases differ)
	pos   map[string]*yaml.Node // field path -> the node that set it
	errs  Errors

	// genFirst is the index in Host.Files of the first generated file; genOf
	// the generate entry of each generated file.
	genFirst int
	genOf    []int
	// extends is the base the scenario's own file names.
	extends string
	// values counts the nodes decoded, to stop aliases that multiply.
	values int
}

// maxValues bounds the values one scenario decodes to: YAML aliases can make
// a few lines stand for billions ("billion laughs"), and the decoder follows them.
const maxValues = 1_000_000

func newDecoder() *decoder {
	return &decoder{files: map[*yaml.Node]string{}, pos: map[string]*yaml.Node{}}
}

// claim records that every node under n came from file.
func (d *decoder) claim(n *yaml.Node, file string) {
	if n == nil {
		return
	}
	if _, seen := d.files[n]; !seen {
		d.files[n] = file
	}
	for _, c := range n.Content {
		d.claim(c, file)
	}
}

// fail records an error at node n.
func (d *decoder) fail(n *yaml.Node, field, format string, args ...any) {
	e := &Error{Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.File, e.Line, e.Column = d.files[n], n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// failAt records an error at the node that set field, or its nearest parent.
func (d *decoder) failAt(field, format string, args ...any) {
	n := d.nodeOf(field)
	d.fail(n, field, format, args...)
}

func (d *decoder) nodeOf(field string) *yaml.Node {
	for f := field; f != ""; f = parentField(f) {
		if n, ok := d.pos[f]; ok {
			return n
		}
	}
	return d.pos[""]
}

func parentField(f string) string {
	i := strings.LastIndexAny(f, ".[")
	if i < 0 {
		return ""
	}
	return f[:i]
}

var (
	durationType = reflect.TypeOf(faults.Duration(0))
	modeType     = reflect.TypeOf(fs.FileMode(0))
	anyMapType   = reflect.TypeOf(map[string]any{})
)

// decode sets v from n; field is v's path for messages.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, field string) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if d.values++; d.values > maxValues {
		if d.values == maxValues+1 {
			d.fail(n, field, "more than %d values: aliases multiplying?", maxValues)
		}
		return
	}
	d.pos[field] = n
	if n.Tag == "!!null" {
		return
	}
	t := v.Type()
	switch {
	case t == durationType:
		dur, err := parseDuration(n.Value)
		if err != nil || n.Kind != yaml.ScalarNode {
			d.fail(n, field, "%q is not a duration such as 30s or 150ms", n.Value)
			return
		}
		v.SetInt(int64(dur))
		return
	case t == modeType:
		m, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimPrefix(n.Value, "0o"), "0"), 8, 32)
		if n.Value == "0" {
			m, err = 0, nil
		}
		if err != nil || n.Kind != yaml.ScalarNode || m > 0o7777 {
			d.fail(n, field, "%q is not an octal mode such as \"0644\"", n.Value)
			return
		}
		v.Set(reflect.ValueOf(vfs.FromUnixMode(uint32(m))))
		return
	case t == anyMapType:
		var m map[string]any
		if n.Kind != yaml.MappingNode || n.Decode(&m) != nil {
			d.fail(n, field, "want a mapping of names to values")
			return
		}
		v.Set(reflect.ValueOf(m))
		for i := 0; i+1 < len(n.Content); i += 2 {
			d.pos[field+"."+n.Content[i].Value] = n.Content[i+1]
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(n, p.Elem(), field)
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v, field)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, field, "want a list, got %s", kindOf(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", field, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.fail(n, field, "want a mapping, got %s", kindOf(n))
			return
		}
		m := reflect.MakeMap(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			val := reflect.New(t.Elem()).Elem()
			d.decode(n.Content[i+1], val, field+"."+key)
			m.SetMapIndex(reflect.ValueOf(key), val)
		}
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(n, field, "want text, got %s", kindOf(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if err != nil || n.Kind != yaml.ScalarNode {
			d.fail(n, field, "want true or false, got %q", n.Value)
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		i, err := parseSize(n.Value)
		if err != nil || n.Kind != yaml.ScalarNode || (t.Kind() == reflect.Int && strings.ContainsAny(n.Value, "kKmMgGtTiB")) {
			want := "a whole number"
			if t.Kind() == reflect.Int64 {
				want = "a whole number or a size such as 20g or 512MiB"
			}
			d.fail(n, field, "want %s, got %q", want, n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || n.Kind != yaml.ScalarNode {
			d.fail(n, field, "want a number, got %q", n.Value)
			return
		}
		v.SetFloat(f)
	default:
		d.fail(n, field, "cannot hold a %s", t)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, field string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, field, "want a mapping, got %s", kindOf(n))
		return
	}
	fields := fieldsOf(v.Type())
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		path := joinField(field, key.Value)
		idx, ok := fields[key.Value]
		switch {
		case !ok && retired[joinField(field, key.Value)] != "":
			d.fail(key, path, "%s", retired[path])
		case !ok:
			msg := fmt.Sprintf("unknown field %q", key.Value)
			if near := faults.Nearest(key.Value, names); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			d.fail(key, field, "%s; known fields: %s", msg, strings.Join(names, ", "))
		default: // a key given twice was refused with both its lines (duplicateKeys)
			d.decode(val, v.Field(idx), path)
		}
	}
}

// retired are fields the format no longer has, with what to write instead.
var retired = map[string]string{
	"expect.within": "a time budget in seconds is no longer accepted: a busy machine misses it with nothing wrong; " +
		"write within_factor (a multiple of the time the same operations take on the scenario's healthy twin), " +
		"or nothing: a product that hangs is caught from the host's evidence (blocked on input, no progress)",
}

func joinField(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// fieldsOf maps the YAML names of a struct's fields to their indexes.
func fieldsOf(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		if name, ok := fieldName(t.Field(i)); ok {
			out[name] = i
		}
	}
	return out
}

// fieldName is a struct field's YAML name: the json tag when there is one
// (fault specs share it with the API), else the snake_case of the Go name;
// unexported fields and `yaml:"-"` have none. The encoder and the schema use it
// too, so the three always agree.
func fieldName(f reflect.StructField) (string, bool) {
	if !f.IsExported() || f.Tag.Get("yaml") == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		name = snake(f.Name)
	}
	return name, true
}

// snake turns AuthorizedKeys into authorized_keys, LVM into lvm, PVs into pvs.
func snake(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1]) && r[i+1] != 's') {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

func parseDuration(s string) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// parseSize reads 1234, 20g, 20G, 512MiB, 1.5T: lower-case and binary units are
// powers of 1024, as lvm and df think of them.
func parseSize(s string) (int64, error) {
	num := strings.TrimRight(s, "kKmMgGtTiBb")
	unit := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(s[len(num):], "B"), "b"))
	unit = strings.TrimSuffix(unit, "i")
	mult := map[string]float64{"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("unknown unit in %q", s)
	}
	if unit == "" {
		return strconv.ParseInt(num, 10, 64)
	}
	f, err := strconv.ParseFloat(num, 64)
	return int64(f * mult), err
}
