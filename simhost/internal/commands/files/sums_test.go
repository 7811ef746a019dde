package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("md5sum and the sha*sum family", func() {
	It("print the digest and the name, - for stdin", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "hello\n", "ops", 0o644))
		Expect(Run(m, "ops", "md5sum f")).To(Equal(Result{Stdout: "b1946ac92492d2347c6235b4d2611184  f\n"}))
		Expect(Run(m, "ops", "sha256sum", "hello\n")).To(Equal(Result{Stdout: "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\n"}))
		Expect(Run(m, "ops", "md5sum --tag f").Stdout).To(Equal("MD5 (f) = b1946ac92492d2347c6235b4d2611184\n"))
		Expect(Run(m, "ops", "md5sum nosuch /tmp")).To(Equal(Result{Stderr: "md5sum: nosuch: No such file or directory\nmd5sum: /tmp: Is a directory\n", Code: 1}))
	})
	It("say no file was verified when --ignore-missing left none (coreutils 9.1 and 8.32)", func() {
		script := "cd /tmp && echo a > a && sha256sum a > S && cd / && sha256sum --ignore-missing -c /tmp/S; echo $?; cd /tmp && sha256sum --ignore-missing -c S; echo $?; sha256sum --ignore-missing --status -c /tmp/S; echo $?"
		OnDebian12And11(script, Equal(Result{Stdout: "1\na: OK\n0\n0\n", Stderr: "sha256sum: /tmp/S: no file was verified\n"}))
	})
	It("check a list with -c", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "hello\n", "ops", 0o644), SeedFile("/home/ops/g", "bye\n", "ops", 0o644))
		Expect(Run(m, "ops", "md5sum f g > sums && md5sum -c sums")).To(Equal(Result{Stdout: "f: OK\ng: OK\n"}))
		Expect(Run(m, "ops", "echo changed > g; rm f; echo junk >> sums; md5sum -c sums")).To(Equal(Result{
			Stdout: "f: FAILED open or read\ng: FAILED\n",
			Stderr: "md5sum: f: No such file or directory\nmd5sum: WARNING: 1 line is improperly formatted\n" +
				"md5sum: WARNING: 1 listed file could not be read\nmd5sum: WARNING: 1 computed checksum did NOT match\n", Code: 1}))
		Expect(Run(m, "ops", "sha256sum -c g")).To(Equal(Result{Stderr: "sha256sum: g: no properly formatted checksum lines found\n", Code: 1}))
		Expect(Run(NewHost("debian11"), "ops", "echo zz | sha256sum -c")).To(Equal(Result{Stderr: "sha256sum: 'standard input': no properly formatted SHA256 checksum lines found\n", Code: 1}))
	})
	// Bytes captured from the hostile-os bookworm container (coreutils 9.1).
	It("take one space or tab after the digest, as the first such line of the run sets", func() {
		m := NewHost("debian12", SeedFile("/home/ops/k", "key\n", "ops", 0o644))
		h := "h=$(sha256sum k | cut -d' ' -f1); "
		Expect(Run(m, "ops", h+`echo "$h k" | sha256sum -c`)).To(Equal(Result{Stdout: "k: OK\n"}))
		Expect(Run(m, "ops", h+`printf '  %s\tk\n' $h | sha256sum -c; printf '%s *k\n' $h | sha256sum -c`)).To(Equal(Result{Stdout: "k: OK\nk: OK\n"}))
		Expect(Run(m, "ops", h+`printf '%s k\n%s  k\n' $h $h | sha256sum -c`)).To(Equal(Result{Stdout: "k: OK\n k: FAILED open or read\n",
			Stderr: "sha256sum: ' k': No such file or directory\nsha256sum: WARNING: 1 listed file could not be read\n", Code: 1}))
		Expect(Run(m, "ops", h+`printf '%s  k\n%s k\n' $h $h | sha256sum -c`)).To(Equal(Result{Stdout: "k: OK\n",
			Stderr: "sha256sum: WARNING: 1 line is improperly formatted\n"}))
		Expect(Run(m, "ops", h+`printf '%s  *k\n' $h | sha256sum -c`)).To(Equal(Result{Stdout: "*k: FAILED open or read\n",
			Stderr: "sha256sum: '*k': No such file or directory\nsha256sum: WARNING: 1 listed file could not be read\n", Code: 1}))
	})
	It("come with the rest of SHA-2: sha224sum, sha384sum, sha512sum", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "hello\n", "ops", 0o644))
		Expect(Run(m, "ops", "sha224sum f; sha384sum f; sha512sum f").Stdout).To(Equal(
			"2d6d67d91d0badcdd06cbbba1fe11538a68a37ec9c2e26457ceff12b  f\n1d0f284efe3edea4b9ca3bd514fa134b17eae361ccc7a1eefeff801b9bd6604e01f21f6bf249ef030599f0c218f2ba8c  f\ne7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629  f\n"))
		Expect(Run(m, "ops", "sha512sum --tag f | cut -c1-12; sha512sum f > s && sha512sum -c s").Stdout).To(Equal("SHA512 (f) =\nf: OK\n"))
		Expect(Run(m, "ops", "sha384sum -c f")).To(Equal(Result{Stderr: "sha384sum: f: no properly formatted checksum lines found\n", Code: 1}))
	})
	It("are not Solaris 10 commands", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "md5sum /etc/passwd").Code).To(Equal(127))
	})
})

var _ = Describe("base64", func() {
	It("encodes wrapping at 76 columns, or -w N", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "base64", "hello\n")).To(Equal(Result{Stdout: "aGVsbG8K\n"}))
		long := Run(m, "ops", "base64", string(make([]byte, 60))).Stdout
		Expect(long).To(Equal("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nAAAA\n"))
		Expect(Run(m, "ops", "base64 -w0", "hello").Stdout).To(Equal("aGVsbG8="))
		Expect(Run(m, "ops", "base64 -w 4", "hello").Stdout).To(Equal("aGVs\nbG8=\n"))
	})
	It("decodes with -d and rejects bad input", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "base64 -d", "aGVs\nbG8K\n")).To(Equal(Result{Stdout: "hello\n"}))
		Expect(Run(m, "ops", "base64 -d", "aGVsbG8K!!\n")).To(Equal(Result{Stdout: "hello\n", Stderr: "base64: invalid input\n", Code: 1}))
		Expect(Run(m, "ops", "base64 -di", "aGVs!bG8K\n")).To(Equal(Result{Stdout: "hello\n"}))
		Expect(Run(m, "ops", "base64 a b")).To(Equal(Result{Stderr: "base64: extra operand 'b'\nTry 'base64 --help' for more information.\n", Code: 1}))
	})
})

// base64 -d as coreutils' gnulib decoder goes: group by group, the bytes of
// the group that does not decode written before 'invalid input'. Captured
// from the hostile-os containers (exec 2>&1, as ops, from ops's home).
var _ = DescribeTable("base64 -d group by group", MergedOnDebian12And11(nil),
	Entry(nil, `printf 'bad' | base64 -d | od -An -c; echo "status $?"`, "base64: invalid input\n   m 247\nstatus 0\n", ""),
	Entry(nil, `printf 'YWJj\nZGVm\n' | base64 -d; echo " status $?"`, "abcdef status 0\n", ""),
	Entry(nil, `printf 'YQ==YQ==' | base64 -d; echo " status $?"`, "aa status 0\n", ""),
	Entry(nil, `printf 'YWJj*ZGVm' | base64 -d; echo " status $?"`, "abcbase64: invalid input\n status 1\n", ""),
	Entry(nil, `printf 'YWJj*ZGVm' | base64 -d -i; echo " status $?"`, "abcdef status 0\n", ""),
	Entry(nil, `printf 'YW\nJjZA' | base64 -d; echo " status $?"`, "abcdbase64: invalid input\n status 1\n", ""),
	Entry(nil, `printf 'Y' | base64 -d; echo " status $?"`, "base64: invalid input\n status 1\n", ""),
	Entry(nil, `printf 'YQ=' | base64 -d; echo " status $?"`, "abase64: invalid input\n status 1\n", ""),
	Entry(nil, `printf 'YQ=x' | base64 -d; echo " status $?"`, "abase64: invalid input\n status 1\n", ""),
	Entry(nil, `printf 'YWJjZA=\n' | base64 -d; echo " status $?"`, "abcdbase64: invalid input\n status 1\n", ""),
	Entry(nil, `printf '' | base64 -d; echo " status $?"; printf '\n\n' | base64 -d; echo " status $?"`, " status 0\n status 0\n", ""),
	Entry(nil, `printf 'TG9ja2VkIGJ5IHg=\n' | base64 -d; echo " status $?"`, "Locked by x status 0\n", ""),
)
