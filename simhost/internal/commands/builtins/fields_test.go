package builtins_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Field splitting as bash 5.2 does it, for read and for expansions: the
// empty field between two IFS commas is kept, a trailing one makes none, the
// last variable takes the rest of the line; and "${@:-word}" without
// parameters is word. Captured from bookworm with `bash /r.sh`, each line of
// output joined with "|". A CSV line read with IFS=, is what these decide.
func splitAsBash(show string) func(script, want string) {
	return func(script, want string) {
		r := Run(NewHost("debian12"), "ops", show+"\n"+script)
		Expect(r.Stderr).To(BeEmpty())
		Expect(strings.ReplaceAll(strings.TrimSuffix(r.Stdout, "\n"), "\n", "|")).To(Equal(want))
	}
}

var _ = DescribeTable("read and field splitting, as bash splits",
	splitAsBash(`show() { printf '[%s]' "$@"; echo; }`),
	Entry(nil, `IFS=, read a b c <<< "x,,z"; show "$a" "$b" "$c"`, "[x][][z]"),
	Entry(nil, `IFS=", " read a b c <<< "x ,, z"; show "$a" "$b" "$c"`, "[x][][z]"),
	Entry(nil, `IFS=: read -a arr <<< "a::b:"; show "${arr[@]}"`, "[a][][b]"),
	Entry(nil, `IFS=, read a b <<< "x,y,"; show "$a" "$b"`, "[x][y]"),
	Entry(nil, `IFS=, read a b <<< "x,y,z,"; show "$a" "$b"`, "[x][y,z,]"),
	Entry(nil, `IFS=, read a b <<< "x,y,,"; show "$a" "$b"`, "[x][y,,]"),
	Entry(nil, `read a b <<< "  x   y  z  "; show "$a" "$b"`, "[x][y  z]"),
	Entry(nil, `IFS=, read a <<< ",x,"; show "$a"`, "[,x,]"),
	Entry(nil, `IFS=, read a b <<< ",x,"; show "$a" "$b"`, "[][x]"),
	Entry(nil, `IFS=, read -a arr <<< ",a"; show "${arr[@]}"`, "[][a]"),
	Entry(nil, `IFS=" " read a b <<< ' a\ b c'; show "$a" "$b"`, "[a b][c]"),
	Entry(nil, `IFS=, read a b <<< 'x\,y,z'; show "$a" "$b"`, "[x,y][z]"),
	Entry(nil, `IFS=", " read -a arr <<< " a , b ,, c "; show "${arr[@]}"`, "[a][b][][c]"),
	Entry(nil, `IFS= read a b <<< " x y "; show "$a" "$b"`, "[ x y ][]"),
	Entry(nil, `IFS=$'\t' read a b c <<< $'x\t\tz'; show "$a" "$b" "$c"`, "[x][z][]"),
	Entry(nil, `IFS=, read a b c <<< "x"; show "$a" "$b" "$c"`, "[x][][]"),
	Entry(nil, `IFS=", " read a b <<< "x, y , "; show "$a" "$b"`, "[x][y]"),
	Entry(nil, `IFS=":" read a b <<< "x:y:"; show "$a" "$b"`, "[x][y]"),
	Entry(nil, `IFS=":" read a b <<< "x:y::"; show "$a" "$b"`, "[x][y::]"),
	Entry(nil, `IFS=":" read a b <<< "x:y: "; show "$a" "$b"`, "[x][y: ]"),
	Entry(nil, `IFS=": " read a b <<< "x:y :"; show "$a" "$b"`, "[x][y]"),
	Entry(nil, `IFS=, read -a arr <<< "a,b,,"; show "${arr[@]}"`, "[a][b][]"),
	Entry(nil, `IFS=, read -r a b <<< 'x\,y,z'; show "$a" "$b"`, "[x\\][y,z]"),
	Entry(nil, `read a <<< '  lead\ '; show "$a"`, "[lead ]"),
	Entry(nil, `IFS=, read a b c d <<< "1,,,"; show "$a" "$b" "$c" "$d"`, "[1][][][]"),
	Entry(nil, `IFS=,; set -- $(echo "a,,b,"); show "$@"`, "[a][][b]"),
	Entry(nil, `IFS=,; x=",a"; set -- $x; show "$@"`, "[][a]"),
	Entry(nil, `IFS=", "; x="a , ,b"; set -- $x; show "$@"`, "[a][][b]"),
	Entry(nil, `IFS=", "; x=" ,a "; set -- $x; show "$@"`, "[][a]"),
	Entry(nil, `IFS=", "; x="a ,b"; set -- $x; show "$@"`, "[a][b]"),
	Entry(nil, `IFS=,; x="x,"; set -- pre${x}post; show "$@"`, "[prex][post]"),
	Entry(nil, `IFS=" "; x=" a  b "; set -- pre${x}post; show "$@"`, "[pre][a][b][post]"),
	Entry(nil, `IFS=:; x="a::b"; for d in $x; do printf '<%s>' "$d"; done; echo`, "<a><><b>"),
	Entry(nil, `IFS=,; x=",,"; set -- $x; show "$@" $#`, "[][][2]"),
	Entry(nil, `unset IFS; x="  a  b  "; set -- $x; show "$@"`, "[a][b]"),
)

var _ = DescribeTable("${@:-word} and its kind on the positional parameters and arrays, as bash expands them",
	splitAsBash(`show() { printf '[%s]' "$@"; echo " $#"; }`),
	Entry(nil, `set --; show "${@:-none}"; show "${*:-none}"; show ${@:-none}; show "${@-none}"; show "${@:+alt}"`, "[none] 1|[none] 1|[none] 1|[none] 1|[] 0"),
	Entry(nil, `set -- ""; show "${@:-none}"; show "${@-none}"; show "${@:+alt}"; show "${@+alt}"`, "[none] 1|[] 1|[] 1|[alt] 1"),
	Entry(nil, `set -- a b; show "${@:-none}"; show "${@:+alt}"; show ${@:+alt x}; show "${*:-none}"`, "[a][b] 2|[alt] 1|[alt][x] 2|[a b] 1"),
	Entry(nil, `a=(); show "${a[@]:-none}"; a=(x y); show "${a[@]:-none}" "${a[@]:+z}"`, "[none] 1|[x][y][z] 3"),
)

var _ = Describe("dash's \"$@\", which is always set", func() {
	It("gives \"${@-w}\" as one empty word without parameters, and splits as bash does (captured with sh -c on bookworm)", func() {
		r := Run(NewHost("debian12"), "ops", `sh -c 'set --; printf "<%s>" "${@:-none}" "${@-none}"; echo; IFS=,; x=",a,,b,"; set -- $x; echo "$# [$1][$3]"; echo "1,,3," | { IFS=, read a b c d; echo "[$a][$b][$c][$d]"; }'`)
		Expect(r.Stdout).To(Equal("<none><>\n4 [][]\n[1][][3][]\n"))
	})
})

var _ = DescribeTable("a number its base does not have, as bash and dash refuse it (captured from bookworm)",
	func(script, stderr string, code int) {
		r := Run(NewHost("debian12"), "ops", script)
		Expect(r.Stdout).To(BeEmpty(), "the line stops at the bad number")
		Expect(r.Stderr).To(Equal(stderr))
		Expect(r.Code).To(Equal(code))
	},
	Entry("08, as $(date +%m) gives in August", `echo $(( $(echo 08) + 1 )); echo st $?`, "bash: line 1: 08: value too great for base (error token is \"08\")\n", 1),
	Entry(nil, `m=09; echo $((m + 1)); echo st $?`, "bash: line 1: 09: value too great for base (error token is \"09\")\n", 1),
	Entry(nil, `echo $((2#102))`, "bash: line 1: 2#102: value too great for base (error token is \"2#102\")\n", 1),
	Entry("under dash", `sh -c 'echo $((08)); echo st $?'`, "sh: 1: arithmetic expression: expecting EOF: \"08\"\n", 2),
)

var _ = Describe("bash 5.1's \"${@:+w}\"", func() {
	It("is no word at all when \"$@\" joins to the empty string, where 5.2 gives one empty word (captured from bullseye and bookworm)", func() {
		script := `words() { echo $#; }; set -- ""; words "${@:+alt}"`
		Expect(Run(NewHost("debian11"), "ops", script).Stdout).To(Equal("0\n"))
		Expect(Run(NewHost("debian12"), "ops", script).Stdout).To(Equal("1\n"))
	})
})
