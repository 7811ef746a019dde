package text_test

import (
	"context"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// Every text here was printed by bc 1.07.1 on Debian 12 (the same on Debian 11).
var _ = Describe("bc", func() {
	It("keeps bc's scales, leading-zero rules and output bases", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `echo 'scale=3; 10/7; -10/7; .5; -0.5; 0.00; 1.50; 2^-2; 1.5^3; 5.5 % 2; -5 % 3' | bc`).Stdout).
			To(Equal("1.428\n-1.428\n.5\n-.5\n0\n1.50\n.250\n3.375\n0\n-.002\n"))
		Expect(Run(m, "ops", `echo 'obase=17; 255; -5.5; obase=16; 255; 0.5; ibase=16; obase=A; FF; ZZ' | bc`).Stdout).
			To(Equal(" 15 00\n- 05.08\nFF\n.8\n255\n255\n"))
		Expect(Run(m, "ops", `seq 1 5 | paste -sd+ | bc`)).To(Equal(Result{Stdout: "15\n"}))
	})

	It("gives the math library's last digits at scale 20", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `bc -l <<< 's(1); c(1); a(1); l(2); e(1); j(1,2)'`).Stdout).To(Equal(
			".84147098480789650665\n.54030230586813971740\n.78539816339744830961\n.69314718055994530941\n2.71828182845904523536\n.57672480775687338720\n"))
	})

	It("breaks long lines with a backslash at BC_LINE_LENGTH", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `echo '2^200' | BC_LINE_LENGTH=20 bc`).Stdout).
			To(Equal("160693804425899027\\\n554196209234116260\\\n252220299378279283\\\n5301376\n"))
	})

	It("reports errors with bc's code addresses and lines, and goes on with the next line", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `printf '1/0\n1;1/0;2\nx=2; x /= 0\na b\n1+\n' | bc; echo $?`)).To(Printed("1\n0\n", "Runtime error (func=(main), adr=3): Divide by zero\nRuntime error (func=(main), adr=5): Divide by zero\n"+
			"Runtime error (func=(main), adr=10): Divide by zero\n(standard_in) 4: syntax error\n(standard_in) 6: syntax error\n"))
		Expect(Run(m, "ops", `echo 'scale=2; 2^0.5; ibase=37; obase=1; scale=-1; a[-1]=1' | bc`)).To(Printed("1\n", "Runtime warning (func=(main), adr=14): non-zero scale in exponent\n"+
			"Runtime warning (func=(main), adr=21): ibase too large, set to 36\n"+
			"Runtime warning (func=(main), adr=25): obase too small, set to 2\n"+
			"Runtime warning (func=(main), adr=30): negative scale, set to 0\n"+
			"Runtime error (func=(main), adr=36): Array a subscript out of bounds.\n"))
		Expect(Run(m, "ops", `bc /nope`)).To(Equal(Result{Stderr: "File /nope is unavailable.\n", Code: 1}))
		Expect(Run(m, "ops", `echo 'print "a\tb\n", 1, "x\n"; "raw"; 1; quit; 2' | bc`)).To(Equal(Result{}), "quit ends bc as it is read")
	})

	It("scopes auto variables dynamically, and loops with break and continue", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `printf 'x=3\ndefine h() { return (x) }\ndefine g() { auto x; x = 9; return (h()) }\ng(); x\nfor (i=0; i<5; i++) { if (i == 1) continue; if (i == 3) break; i }\n' | bc`).Stdout).
			To(Equal("9\n3\n0\n2\n"))
	})

	It("stops as bc does out of memory past the host's bound, and when the session ends", func() {
		m := NewHost("debian12", WithLimits(machine.Limits{BufferBytes: 1 << 20}))
		// bookworm's bc under ulimit -v 20000 says this for scale=100000000; 1/3.
		for _, prog := range []string{"2^100000000", "scale=100000000; 1/3", "define f(x) { return (f(x+1)) }\nf(1)"} {
			Expect(Run(m, "ops", "printf '"+strings.ReplaceAll(prog, "\n", `\n`)+"\\n' | bc; echo $?")).To(Equal(Result{Stdout: "1\n", Stderr: "Fatal error: Out of memory for malloc.\n"}), prog)
		}
		for _, loop := range []string{"while (1) {}", "for (;;) x++", "scale=100000; e(1)"} {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			_, _, _, err := shell.RunScript(ctx, m, m.User("ops"), "echo '"+loop+"' | bc -l", nil)
			cancel()
			Expect(err).NotTo(HaveOccurred(), loop)
		}
		Expect(Run(m, "ops", `echo 'for (;;) print 1' | bc | head -c 3`).Stdout).To(Equal("111"), "a closed pipe ends it")
	})
})

var _ = Describe("bc on a terminal", func() {
	It("greets it with bookworm's banner unless -q", func() {
		m := NewHost("debian12")
		Expect(RunTTY(m, "ops", "bc", "1+1\nquit\n").Stdout).To(Equal("bc 1.07.1\nCopyright 1991-1994, 1997, 1998, 2000, 2004, 2006, 2008, 2012-2017 Free Software Foundation, Inc.\n" +
			"This is free software with ABSOLUTELY NO WARRANTY.\nFor details type `warranty'. \n2\n"))
		Expect(RunTTY(m, "ops", "bc -q", "1+1\nquit\n").Stdout).NotTo(ContainSubstring("Copyright"))
	})
})
