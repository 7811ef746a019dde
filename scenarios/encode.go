package scenarios

import (
	"bytes"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// YAML is the scenario as a file that loads back to the same value: bases
// merged, defaults filled in, generated files left as their generate entries,
// empty fields left out, and durations, modes and sizes written as people
// write them.
func (s *Scenario) YAML() []byte {
	c := *s
	c.Host.Files = c.Host.Files[:len(c.Host.Files)-c.generated]
	c.Extends = "" // merged already
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	enc.Encode(encode(reflect.ValueOf(c))) // plain nodes always encode
	enc.Close()
	return b.Bytes()
}

func scalar(tag, value string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	if strings.Contains(value, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// encode turns v into a node, or nil when v is empty and can be left out. A
// pointer that is set is never empty: `max_open_sessions: 0` means something.
func encode(v reflect.Value) *yaml.Node {
	t := v.Type()
	switch {
	case t == durationType:
		if v.Int() == 0 {
			return nil
		}
		return scalar("!!str", faults.Duration(v.Int()).String())
	case t == modeType:
		if v.Uint() == 0 {
			return nil
		}
		return scalar("!!str", fmt.Sprintf("%04o", vfs.UnixMode(v.Interface().(fs.FileMode))))
	case t == anyMapType:
		if v.Len() == 0 {
			return nil
		}
		n := &yaml.Node{}
		n.Encode(v.Interface()) // params are plain YAML values
		return n
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return encodeOrZero(v.Elem())
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i := 0; i < t.NumField(); i++ {
			name, ok := fieldName(t.Field(i))
			if !ok {
				continue
			}
			if c := encode(v.Field(i)); c != nil {
				n.Content = append(n.Content, scalar("!!str", name), c)
			}
		}
		if len(n.Content) == 0 {
			return nil
		}
		return n
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		width := 0
		for i := 0; i < v.Len(); i++ {
			c := encodeOrZero(v.Index(i))
			if c.Kind != yaml.ScalarNode || c.Style == yaml.LiteralStyle {
				n.Style = 0 // lists of mappings or long texts read better as blocks
			}
			width += len(c.Value) + 2
			n.Content = append(n.Content, c)
		}
		if width > 60 {
			n.Style = 0
		}
		return n
	case reflect.Map:
		if v.Len() == 0 {
			return nil
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, k := range keys {
			n.Content = append(n.Content, scalar("!!str", k), encodeOrZero(v.MapIndex(reflect.ValueOf(k))))
		}
		return n
	case reflect.String:
		if v.String() == "" {
			return nil
		}
		return scalar("!!str", v.String())
	case reflect.Bool:
		if !v.Bool() {
			return nil
		}
		return scalar("!!bool", "true")
	case reflect.Int:
		if v.Int() == 0 {
			return nil
		}
		return scalar("!!int", strconv.FormatInt(v.Int(), 10))
	case reflect.Int64:
		if v.Int() == 0 {
			return nil
		}
		return scalar("!!str", formatSize(v.Int()))
	case reflect.Float64:
		if v.Float() == 0 {
			return nil
		}
		text := strconv.FormatFloat(v.Float(), 'g', -1, 64)
		if !strings.ContainsAny(text, ".eEnN") {
			text += ".0" // 3 would read back as an int and print as "!!float 3"
		}
		return scalar("!!float", text)
	}
	return nil
}

// encodeOrZero is encode for a value that must be written even when empty:
// a list item, a map value, what a set pointer points at.
func encodeOrZero(v reflect.Value) *yaml.Node {
	if n := encode(v); n != nil {
		return n
	}
	switch v.Kind() {
	case reflect.Struct, reflect.Map:
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	case reflect.Slice:
		return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	case reflect.Bool:
		return scalar("!!bool", "false")
	case reflect.Int, reflect.Int64, reflect.Float64:
		return scalar("!!int", "0")
	}
	return scalar("!!str", "")
}

// formatSize writes a size in the largest binary unit that divides it, as
// parseSize reads it back: 20g, 512m, 1234.
func formatSize(n int64) string {
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"t", 1 << 40}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}} {
		if n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}
