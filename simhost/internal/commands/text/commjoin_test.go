package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (coreutils
// 9.1 and 8.32 answer alike).
var _ = Describe("comm and join", func() {
	const files = `cd /tmp; printf 'a\nb\nc\n' > f1; printf 'b\nc\nd\n' > f2; printf 'b\na\n' > u1
printf '1 a\n2 b\n3 c\n' > j1; printf '1 x\n3 y\n4 z\n' > j2; printf 'k:v1\nm:v2\n' > j3; printf 'k:w\n' > j4; printf '2 b\n1 a\n' > j5
printf '1 a a\n1 b b\n2 c\n' > m1; printf '1 X\n1 Y\n2 Z\n' > m2
`
	DescribeTable("merge two sorted files",
		func(script, stdout, stderr string, code int) {
			r := Run(NewHost("debian12"), "ops", files+script)
			Expect(r).To(Printed(stdout, stderr))
			Expect(r.Code).To(Equal(code))
		},
		Entry("comm's three columns", `comm f1 f2`, "a\n\t\tb\n\t\tc\n\td\n", "", 0),
		Entry("comm -12", `comm -12 f1 f2`, "b\nc\n", "", 0),
		Entry("comm -3", `comm -3 f1 f2`, "a\n\td\n", "", 0),
		Entry("comm's delimiter and total", `comm --total --output-delimiter=, f1 f2`, "a\n,,b\n,,c\n,d\n1,1,2,total\n", "", 0),
		Entry("comm -z", `comm -z f1 f2 | tr '\0' '|'`, "a\nb\nc\n|\tb\nc\nd\n|", "", 0),
		Entry("comm's disorder, told once unpaired lines are seen", `comm u1 f2`, "\t\tb\na\n\tc\n\td\n", "comm: file 1 is not in sorted order\ncomm: input is not in sorted order\n", 1),
		Entry("comm --check-order stops", `comm --check-order u1 f2`, "\t\tb\n", "comm: file 1 is not in sorted order\n", 1),
		Entry("comm --nocheck-order", `comm --nocheck-order u1 f2`, "\t\tb\na\n\tc\n\td\n", "", 0),
		Entry("comm's operands", `comm f1`, "", "comm: missing operand after 'f1'\nTry 'comm --help' for more information.\n", 1),
		Entry("comm's extra operand", `comm f1 f2 f1`, "", "comm: extra operand 'f1'\nTry 'comm --help' for more information.\n", 1),
		Entry("comm's missing file", `comm f1 nosuch`, "", "comm: nosuch: No such file or directory\n", 1),
		Entry("join on the first field", `join j1 j2`, "1 a x\n3 c y\n", "", 0),
		Entry("join -a1 -a2", `join -a1 -a2 j1 j2`, "1 a x\n2 b\n3 c y\n4 z\n", "", 0),
		Entry("join -v2", `join -v2 j1 j2`, "4 z\n", "", 0),
		Entry("join -t:", `join -t: j3 j4`, "k:v1:w\n", "", 0),
		Entry("join -o with -e", `join -e NA -a1 -o 0,2.2 j1 j2`, "1 x\n2 NA\n3 y\n", "", 0),
		Entry("join -o auto", `join -e NA -a1 -a2 -o auto j1 j2`, "1 a x\n2 b NA\n3 c y\n4 NA z\n", "", 0),
		Entry("join's runs of one key, every pair", `join m1 m2`, "1 a a X\n1 a a Y\n1 b b X\n1 b b Y\n2 c Z\n", "", 0),
		Entry("join's disorder", `join j5 j2`, "", "join: j5:2: is not sorted: 1 a\njoin: input is not in sorted order\n", 1),
		Entry("join --nocheck-order", `join --nocheck-order j5 j2`, "", "", 0),
		Entry("join's bad field spec", `join -o 3.1 j1 j2`, "", "join: invalid file number in field spec: '3.1'\n", 1),
		Entry("join's one stdin", `join - - < j1`, "", "join: both files cannot be standard input\n", 1),
		Entry("join's missing operand", `join j1`, "", "join: missing operand after 'j1'\nTry 'join --help' for more information.\n", 1),
	)
})
