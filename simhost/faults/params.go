package faults

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParamError names the fault and parameter that are wrong and what is allowed.
type ParamError struct {
	Fault string // the fault's name
	Param string // "delay", "scope.command"
	Msg   string
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("fault %q: %s: %s", e.Fault, e.Param, e.Msg)
}

// Param describes one parameter of a fault type, read once from its struct
// tags (`json:"name" help:"..." min:"0" max:"255" enum:"a,b"`). Compile
// enforces Min, Max and Enum before the fault's own Validate runs, and the
// scenario schema is made from the same fields.
type Param struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Default string `json:"default"`
	// Min and Max bound a number, or a duration in seconds; nil is no bound.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// Enum is every value allowed (of each element, for a list); the type's
	// own default is allowed too ("" for every method).
	Enum  []string `json:"enum,omitempty"`
	Range string   `json:"range,omitempty"` // Min, Max and Enum for people: ">= 0", "0..255", "one of a,b"
	Help  string   `json:"help"`

	field    []int // the struct field it loads into (reflect's index path)
	duration bool  // a Duration: bounds in seconds
}

// ParamsOf lists a fault's parameters with the defaults it holds.
func ParamsOf(f Fault) []Param {
	v := reflect.Indirect(reflect.ValueOf(f))
	params := paramsOfType(v.Type())
	for i := range params {
		params[i].Default = fmt.Sprint(v.FieldByIndex(params[i].field).Interface())
	}
	return params
}

// paramsOfType reads the parameters of a fault's struct type from its tags,
// those of an embedded struct (Trip) in its place; a tag that does not parse
// is a programming error.
func paramsOfType(t reflect.Type) []Param {
	var out []Param
	for _, field := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if !field.IsExported() || name == "" || name == "-" {
			continue
		}
		p := Param{Name: name, Type: kindName(field.Type), Help: field.Tag.Get("help"), field: field.Index,
			duration: field.Type == reflect.TypeOf(Duration(0))}
		p.Min, p.Max = p.bound(t, field.Tag.Get("min")), p.bound(t, field.Tag.Get("max"))
		if e := field.Tag.Get("enum"); e != "" {
			p.Enum = strings.Split(e, ",")
		}
		p.Range = p.rangeText()
		out = append(out, p)
	}
	return out
}

// bound reads a min or max tag: a number, or for a duration a Go duration.
func (p Param) bound(t reflect.Type, tag string) *float64 {
	if tag == "" {
		return nil
	}
	if p.duration {
		if d, err := time.ParseDuration(tag); err == nil {
			v := d.Seconds()
			return &v
		}
	}
	v, err := strconv.ParseFloat(tag, 64)
	if err != nil {
		panic(fmt.Sprintf("faults: %s.%s: bound %q is not a number", t.Name(), p.Name, tag))
	}
	return &v
}

func (p Param) formatBound(v float64) string {
	if p.duration && v != 0 {
		return time.Duration(v * float64(time.Second)).String()
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (p Param) rangeText() string {
	switch {
	case p.Enum != nil:
		return "one of " + strings.Join(p.Enum, ",")
	case p.Min != nil && p.Max != nil:
		return p.formatBound(*p.Min) + ".." + p.formatBound(*p.Max)
	case p.Min != nil:
		return ">= " + p.formatBound(*p.Min)
	case p.Max != nil:
		return "<= " + p.formatBound(*p.Max)
	}
	return ""
}

// check refuses a value of the parameter outside its bounds or enum; def is
// the type's default, always allowed.
func (p Param) check(v, def reflect.Value) error {
	if p.Enum != nil {
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				if err := p.checkEnum(v.Index(i).String()); err != nil {
					return err
				}
			}
			return nil
		}
		if v.String() == def.String() {
			return nil
		}
		return p.checkEnum(v.String())
	}
	var n float64
	switch {
	case p.duration:
		n = time.Duration(v.Int()).Seconds()
	case v.CanInt():
		n = float64(v.Int())
	case v.CanFloat():
		n = v.Float()
	default:
		return nil
	}
	shown := fmt.Sprint(v.Interface())
	switch {
	case p.Min != nil && p.Max != nil && (n < *p.Min || n > *p.Max):
		return &ParamError{Param: p.Name, Msg: fmt.Sprintf("%s is outside %s", shown, p.Range)}
	case p.Min != nil && *p.Min == 0 && n < 0:
		return &ParamError{Param: p.Name, Msg: fmt.Sprintf("%s is negative", shown)}
	case p.Min != nil && n < *p.Min:
		return &ParamError{Param: p.Name, Msg: fmt.Sprintf("%s is below %s", shown, p.formatBound(*p.Min))}
	case p.Max != nil && n > *p.Max:
		return &ParamError{Param: p.Name, Msg: fmt.Sprintf("%s is above %s", shown, p.formatBound(*p.Max))}
	}
	return nil
}

func (p Param) checkEnum(s string) error {
	if slices.Contains(p.Enum, s) {
		return nil
	}
	last := len(p.Enum) - 1
	want := p.Enum[last]
	if last > 0 {
		want = strings.Join(p.Enum[:last], ", ") + " or " + want
	}
	return &ParamError{Param: p.Name, Msg: fmt.Sprintf("%q is not %s", s, want)}
}

// checkParams enforces every parameter's bounds and enum on f, a fault of
// type t.
func checkParams(t Type, f Fault) error {
	v, def := reflect.ValueOf(f).Elem(), reflect.ValueOf(t.New()).Elem()
	for _, p := range t.params {
		if err := p.check(v.FieldByIndex(p.field), def.FieldByIndex(p.field)); err != nil {
			return err
		}
	}
	return nil
}

func kindName(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(Duration(0)):
		return "duration"
	case t.Kind() == reflect.Slice:
		return "list of " + kindName(t.Elem())
	case t.Kind() == reflect.Int, t.Kind() == reflect.Int64:
		return "integer"
	case t.Kind() == reflect.Float64:
		return "number"
	case t.Kind() == reflect.Bool:
		return "boolean"
	default:
		return t.Kind().String()
	}
}

// Check is a small helper for Validate methods: it returns a *ParamError when
// bad is true.
func Check(bad bool, param, format string, args ...any) error {
	if bad {
		return &ParamError{Param: param, Msg: fmt.Sprintf(format, args...)}
	}
	return nil
}

// Duration is a time.Duration that loads from "2s", "150ms" or a number of seconds.
type Duration time.Duration

// D is the duration as time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes the Go form, "1.5s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "1.5s" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 2s or 150ms", s)
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("%s is not a duration such as 2s or 150ms", b)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}

// UnmarshalYAML reads the same forms from YAML.
func (d *Duration) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	b, _ := json.Marshal(v)
	return d.UnmarshalJSON(b)
}

// Nearest returns the candidate closest to s by edit distance, if it is close
// enough to be a likely typo.
func Nearest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if d := levenshtein(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
