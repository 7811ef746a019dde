package storage

import (
	"embed"
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// The --help texts of util-linux's tools, captured from the Debian images
// (`lsblk --help` on bookworm and bullseye), by tool and version.
//
//go:embed help/*.txt
var helpTexts embed.FS

// utilLinuxHelp prints the tool's --help of the host's util-linux, and
// records a not-emulated event where none was captured for that version.
func utilLinuxHelp(p *shell.Proc, tool string) int {
	v := p.M.P.Version("util-linux")
	text, err := helpTexts.ReadFile("help/" + tool + "-" + v + ".txt")
	if err != nil {
		p.NotEmulated(tool + " --help of util-linux " + v)
		return 0
	}
	p.Printf("%s", text)
	return 0
}

// jsonCell is one cell of a libsmartcols table as its JSON output types it.
type jsonCell struct {
	key   string // the column's name in lower case
	value string
	kind  jsonKind
	list  []string // the values of a jsonArray cell
}

type jsonKind int

const (
	jsonString jsonKind = iota
	jsonNumber
	jsonBool  // "0"/"1" in the table, false/true in JSON
	jsonArray // a column of many values (lsblk's MOUNTPOINTS)
)

// jsonRow is one line of the table with the lines under it in the tree.
type jsonRow struct {
	cells    []jsonCell
	children []*jsonRow
}

// smartcolsJSON prints rows under name as util-linux's libsmartcols does:
// one key per line from 2.37, one object per line before it (Debian 11's
// 2.36.1), an empty cell null.
func smartcolsJSON(p *shell.Proc, name string, rows []*jsonRow) {
	var b strings.Builder
	b.WriteString("{\n   \"" + name + "\": [\n")
	pretty := p.M.P.VersionAtLeast("util-linux", "2.37")
	if pretty {
		jsonPrettyRows(&b, rows, 1)
	} else {
		jsonCompactRows(&b, rows, 1)
	}
	if len(rows) > 0 || pretty {
		b.WriteString("\n") // 2.37 leaves an empty array's line blank
	}
	b.WriteString("   ]\n}\n")
	p.Printf("%s", b.String())
}

func jsonIndent(level int) string { return strings.Repeat("   ", level) }

// jsonValue is a cell's JSON text.
func jsonValue(c jsonCell) string {
	switch {
	case c.kind == jsonArray:
		return "" // written by the caller, which knows the layout
	case c.value == "":
		return "null"
	case c.kind == jsonNumber:
		return c.value
	case c.kind == jsonBool:
		if c.value == "0" {
			return "false"
		}
		return "true"
	}
	return jsonQuote(c.value)
}

// jsonQuote quotes s as libsmartcols does: \" and \\ escaped, control
// characters as \uXXXX.
func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, "\\u%04x", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// jsonPrettyRows writes rows as the items of an array opened at level:
// "{" at level+1, "},{" between items, the keys at level+2.
func jsonPrettyRows(b *strings.Builder, rows []*jsonRow, level int) {
	for i, r := range rows {
		if i == 0 {
			b.WriteString(jsonIndent(level + 1))
		} else {
			b.WriteString(",")
		}
		b.WriteString("{\n")
		in := jsonIndent(level + 2)
		for j, c := range r.cells {
			if j > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(in + jsonQuote(c.key) + ": ")
			if c.kind != jsonArray {
				b.WriteString(jsonValue(c))
				continue
			}
			items := make([]string, len(c.list))
			for k, v := range c.list {
				items[k] = jsonValue(jsonCell{value: v})
			}
			if len(items) == 0 {
				items = []string{"null"}
			}
			b.WriteString("[\n" + in + "    " + strings.Join(items, ", ") + "\n" + in + "]")
		}
		if len(r.children) > 0 {
			b.WriteString(",\n" + in + "\"children\": [\n")
			jsonPrettyRows(b, r.children, level+2)
			b.WriteString("\n" + in + "]")
		}
		b.WriteString("\n" + jsonIndent(level+1) + "}")
	}
}

// jsonCompactRows writes rows as util-linux 2.36 does: each item an object
// on its line at level+1, its children's array on the lines after it.
func jsonCompactRows(b *strings.Builder, rows []*jsonRow, level int) {
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(jsonIndent(level+1) + "{")
		for j, c := range r.cells {
			if j > 0 {
				b.WriteString(", ")
			}
			v := jsonValue(c)
			if c.kind == jsonArray {
				v = jsonValue(jsonCell{value: strings.Join(c.list, "\n")})
			}
			b.WriteString(jsonQuote(c.key) + ":" + v)
		}
		if len(r.children) == 0 {
			b.WriteString("}")
			continue
		}
		in := jsonIndent(level + 2)
		b.WriteString(",\n" + in + "\"children\": [\n")
		jsonCompactRows(b, r.children, level+2)
		b.WriteString("\n" + in + "]\n" + jsonIndent(level+1) + "}")
	}
}

// smartcolsPairs prints a row as -P does: KEY="value" pairs under the
// columns' own names (MAJ:MIN="8:0"), a value's quote, backslash, backquote
// and dollar as \xNN.
func smartcolsPairs(p *shell.Proc, cols, row []string) {
	pairs := make([]string, len(row))
	for i, v := range row {
		key := cols[i]
		var q strings.Builder
		for j := 0; j < len(v); j++ {
			c := v[j]
			if c == '"' || c == '\\' || c == '`' || c == '$' || c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&q, "\\x%02x", c)
				continue
			}
			q.WriteByte(c)
		}
		pairs[i] = key + "=\"" + q.String() + "\""
	}
	p.Printf("%s\n", strings.Join(pairs, " "))
}
