package text_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// diff over directories, as backup verifies compare a restore with its
// source; the bytes are diffutils 3.8's and 3.7's (the same), captured on
// Debian 12 and 11.
var _ = Describe("diff of directories", func() {
	It("walks two trees (-r), names what is only in one, what differs and how, and repeats its switches before each pair", func() {
		script := "cd /tmp && mkdir -p a/sub b/sub a/only c && echo 1 > a/f && echo 1 > b/f && echo x > a/g && echo y > b/g && echo s > a/sub/s && echo t > b/sub/s && echo o > b/newf && mkdir b/only2 && echo z > a/t && mkdir b/t && echo q > c/f\n" +
			"diff -r a b; echo \"status $?\"; diff a b; echo \"status $?\"; diff -rq a b; echo \"status $?\"; diff -ru a/sub b/sub | sed 's/\\t.*//'; diff -r -u a/sub b/sub | head -1; diff a/f c; echo \"status $?\"; diff -r a/sub a/sub; echo \"status $?\"; cp -a a d; diff -r a d && echo same; diff -r a nosuch; echo \"status $?\"\n" +
			"chmod 000 a/g && diff -r a b; echo \"status $?\"\n" +
			""
		OnDebian12And11(script, Printed("diff -r a/g b/g\n"+
			"1c1\n"+
			"< x\n"+
			"---\n"+
			"> y\n"+
			"Only in b: newf\n"+
			"Only in a: only\n"+
			"Only in b: only2\n"+
			"diff -r a/sub/s b/sub/s\n"+
			"1c1\n"+
			"< s\n"+
			"---\n"+
			"> t\n"+
			"File a/t is a regular file while file b/t is a directory\n"+
			"status 1\n"+
			"diff a/g b/g\n"+
			"1c1\n"+
			"< x\n"+
			"---\n"+
			"> y\n"+
			"Only in b: newf\n"+
			"Only in a: only\n"+
			"Only in b: only2\n"+
			"Common subdirectories: a/sub and b/sub\n"+
			"File a/t is a regular file while file b/t is a directory\n"+
			"status 1\n"+
			"Files a/g and b/g differ\n"+
			"Only in b: newf\n"+
			"Only in a: only\n"+
			"Only in b: only2\n"+
			"Files a/sub/s and b/sub/s differ\n"+
			"File a/t is a regular file while file b/t is a directory\n"+
			"status 1\n"+
			"diff -ru a/sub/s b/sub/s\n"+
			"--- a/sub/s\n"+
			"+++ b/sub/s\n"+
			"@@ -1 +1 @@\n"+
			"-s\n"+
			"+t\n"+
			"diff -r -u a/sub/s b/sub/s\n"+
			"1c1\n"+
			"< 1\n"+
			"---\n"+
			"> q\n"+
			"status 1\n"+
			"status 0\n"+
			"same\n"+
			"status 2\n"+
			"Only in b: newf\n"+
			"Only in a: only\n"+
			"Only in b: only2\n"+
			"diff -r a/sub/s b/sub/s\n"+
			"1c1\n"+
			"< s\n"+
			"---\n"+
			"> t\n"+
			"File a/t is a regular file while file b/t is a directory\n"+
			"status 2\n"+
			"",
			"diff: nosuch: No such file or directory\n"+
				"diff: a/g: Permission denied\n"+
				""))
	})
})
