package faults

import (
	"encoding/json"
	"fmt"
	"reflect"
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

// Param documents one parameter of a fault type, read from its struct tags.
type Param struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Default string `json:"default"`
	Range   string `json:"range,omitempty"`
	Help    string `json:"help"`
}

// ParamsOf lists a fault's parameters with the defaults it holds.
func ParamsOf(f Fault) []Param {
	v := reflect.Indirect(reflect.ValueOf(f))
	t := v.Type()
	var out []Param
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if !field.IsExported() || name == "" || name == "-" {
			continue
		}
		p := Param{Name: name, Type: kindName(field.Type), Help: field.Tag.Get("help"),
			Default: fmt.Sprint(v.Field(i).Interface())}
		lo, hi := field.Tag.Get("min"), field.Tag.Get("max")
		switch {
		case lo != "" && hi != "":
			p.Range = lo + ".." + hi
		case lo != "":
			p.Range = ">= " + lo
		case hi != "":
			p.Range = "<= " + hi
		}
		if e := field.Tag.Get("enum"); e != "" {
			p.Range = "one of " + e
		}
		out = append(out, p)
	}
	return out
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
