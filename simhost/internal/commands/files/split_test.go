package files_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// split as backup scripts cut archives with it; the bytes are coreutils 9.1's
// and 8.32's (the same), captured on Debian 12 and 11.
var _ = Describe("split", func() {
	It("cuts by bytes, lines and chunks, names with -a/-d/-x/--numeric-suffixes/--additional-suffix, widens its suffix, and complains as coreutils", func() {
		script := `cd /tmp && printf '%010000d' 0 > big && split -b 4096 -d -a 3 big bk. && ls bk.*; split --verbose -b 4k big vb.; split -n 3 big n3. && wc -c n3.*; printf 'a\nb\nc\n' > l && split -l 1 --additional-suffix=.part l fl. && ls fl.*; split -a 1 -b 100 big sx.; echo "status $?"; ls sx.* | wc -l; split -b 0 big z.; echo "status $?"; split -b 4096 /nosuch q.; echo "status $?"
split -b 10 big; ls x* | wc -l; ls x* | sed -n '649,652p'; split -b 1000 -x big hx; ls hx*; printf 'abc' | split -b 1 - st; ls st*; split -b 2K big k2; wc -c k2* | head -1; split -l 0 l; echo $?; split -n 0 big; echo $?; split -b 1x big; echo $?; split -d -a 1 -b 1000 big dd; echo $?; ls dd* | wc -l; split -n 2 -a 1 big nn; ls nn*; split -b 5000 -d --numeric-suffixes=3 big ns; ls ns*
`
		OnDebian12And11(script, Printed("bk.000\n"+
			"bk.001\n"+
			"bk.002\n"+
			"creating file 'vb.aa'\n"+
			"creating file 'vb.ab'\n"+
			"creating file 'vb.ac'\n"+
			" 3333 n3.aa\n"+
			" 3333 n3.ab\n"+
			" 3334 n3.ac\n"+
			"10000 total\n"+
			"fl.aa.part\n"+
			"fl.ab.part\n"+
			"fl.ac.part\n"+
			"status 1\n"+
			"26\n"+
			"status 1\n"+
			"status 1\n"+
			"1000\n"+
			"xyy\n"+
			"xyz\n"+
			"xzaaa\n"+
			"xzaab\n"+
			"hx00\n"+
			"hx01\n"+
			"hx02\n"+
			"hx03\n"+
			"hx04\n"+
			"hx05\n"+
			"hx06\n"+
			"hx07\n"+
			"hx08\n"+
			"hx09\n"+
			"staa\n"+
			"stab\n"+
			"stac\n"+
			" 2048 k2aa\n"+
			"1\n"+
			"1\n"+
			"1\n"+
			"0\n"+
			"10\n"+
			"nna\n"+
			"nnb\n"+
			"ns03\n"+
			"ns04\n"+
			"",
			"split: output file suffixes exhausted\n"+
				"split: invalid number of bytes: '0': Numerical result out of range\n"+
				"split: cannot open '/nosuch' for reading: No such file or directory\n"+
				"split: invalid number of lines: '0': Numerical result out of range\n"+
				"split: invalid number of chunks: '0': Numerical result out of range\n"+
				"split: invalid number of bytes: '1x'\n"+
				""))
	})
})
