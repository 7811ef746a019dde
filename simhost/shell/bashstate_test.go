package shell

import (
	"slices"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// The orders and layouts below were captured from bash 5.2.15 and dash
// 0.5.12 in the Debian 12 image (docker run ... bash -c '...').

func TestExportOrder(t *testing.T) {
	names := func(env []string) []string {
		out := make([]string, len(env))
		for i, kv := range env {
			out[i], _, _ = strings.Cut(kv, "=")
		}
		return out
	}
	// export NEW=1 B=2; /usr/bin/env | cut -d= -f1 (AAA and ZZZ from docker -e)
	bash := exportOrder([]string{"AAA=1", "B=2", "HOME=/root", "HOSTNAME=h", "NEW=1", "PATH=/bin", "PWD=/", "SHLVL=1", "ZZZ=2"}, "bash")
	if want := []string{"AAA", "HOSTNAME", "PWD", "B", "HOME", "NEW", "SHLVL", "ZZZ", "PATH"}; !slices.Equal(names(bash), want) {
		t.Errorf("bash's order %v, want %v", names(bash), want)
	}
	// sh -c 'export NEW=1 B=2 LONGERNAME=3; /usr/bin/env | cut -d= -f1'
	dash := exportOrder([]string{"AAA=1", "B=2", "HOME=/root", "HOSTNAME=h", "LONGERNAME=3", "NEW=1", "PATH=/bin", "ZZZ=2"}, "dash")
	if want := []string{"NEW", "HOSTNAME", "HOME", "LONGERNAME", "PATH", "AAA", "B", "ZZZ"}; !slices.Equal(names(dash), want) {
		t.Errorf("dash's order %v, want %v", names(dash), want)
	}
}

func TestBashFunctionLayout(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`f() { echo hi; }`, "f () \n{ \n    echo hi\n}"},
		{`h() { local a=1 b; if [ -n "$1" ]; then echo "x $1" > /dev/null 2>&1; elif true; then :; else return 1; fi; for i in 1 2 3; do echo $i; done; while read -r l; do echo "$l"; done < /etc/hostname; case $1 in a|b) echo ab;; *) echo other;; esac; }`,
			"h () \n{ \n    local a=1 b;\n    if [ -n \"$1\" ]; then\n        echo \"x $1\" > /dev/null 2>&1;\n    else\n        if true; then\n            :;\n        else\n            return 1;\n        fi;\n    fi;\n" +
				"    for i in 1 2 3;\n    do\n        echo $i;\n    done;\n    while read -r l; do\n        echo \"$l\";\n    done < /etc/hostname;\n    case $1 in \n        a | b)\n            echo ab\n        ;;\n        *)\n            echo other\n        ;;\n    esac\n}"},
		{`m() ( echo sub )`, "m () \n{ \n    ( echo sub )\n}"},
		{"n() { echo a; echo b & wait; cat <<EOF\nhere $x\nEOF\n}", "n () \n{ \n    echo a;\n    echo b & wait;\n    cat <<EOF\nhere $x\nEOF\n\n}"},
		{`d() { a || { echo fail; return 1; }; echo x >&2; exec 3>&-; for ((i=0;i<3;i++)); do :; done; }`,
			"d () \n{ \n    a || { \n        echo fail;\n        return 1\n    };\n    echo x 1>&2;\n    exec 3>&-;\n    for ((i=0; i<3; i++))\n    do\n        :;\n    done\n}"},
	} {
		file, err := syntax.NewParser().Parse(strings.NewReader(c.src), "")
		if err != nil {
			t.Fatal(err)
		}
		decl := file.Stmts[0].Cmd.(*syntax.FuncDecl)
		if got := interp.BashFunction(decl.Name.Value, decl.Body); got != c.want {
			t.Errorf("%s\ngot  %q\nwant %q", c.src, got, c.want)
		}
	}
}
